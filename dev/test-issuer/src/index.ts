export { closedPort } from './closedPort.js';
export {
  basicAuthorization,
  DEFAULT_INTROSPECTION_CLIENT,
  type IntrospectionClient,
} from './introspectionEndpoint.js';
export { generateTestKey, type TestKeyAlgorithm, type TestSigningKey } from './signingKeys.js';
export {
  startTestIssuer,
  type TestIssuer,
  type TestIssuerOptions,
  type TestIssuerRequests,
} from './startTestIssuer.js';
export type { ScriptedTokenEndpoint, TokenEndpointAnswer } from './tokenEndpoint.js';
export {
  type Claims,
  DEFAULT_CLAIMS,
  type KeyChoice,
  type SignOptions,
  type TestIssuerKeys,
  type TokenSigner,
} from './tokenSigner.js';
