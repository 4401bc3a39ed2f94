export {
  DEMO_CLIENT_ID,
  type DevIdpExchangeClient,
  INTROSPECTOR_CLIENT_ID,
  INTROSPECTOR_CLIENT_SECRET,
  PROVISION_CALLBACK_PATH,
} from './clients.js';
export type { DevIdpTokenMode } from './configuration.js';
export { DevOnlyError } from './devOnlyError.js';
export { DEV_SCOPES } from './scopes.js';
export { type DevIdp, type DevIdpOptions, type SignAccessTokenOptions, startDevIdp } from './startDevIdp.js';
export { authorizeWithForms, type FormCredentials } from './testing/authorizeWithForms.js';
export { DevIdpFlowError, type DevIdpFlowErrorCode } from './testing/devIdpFlowError.js';
export {
  DEFAULT_TEST_REDIRECT_URI,
  type DevIdpTokenResponse,
  type ObtainTokensOptions,
  obtainTokens,
} from './testing/obtainTokens.js';
export { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE } from './tokenExchangeTypes.js';
export { DEV_USERS, type DevIdpUser } from './users.js';
