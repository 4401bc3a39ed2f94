// The broker's surface for tests, benchmarks and the dev stack; the deployable entry is index.ts.
export { CALLER_NAMES, type CallerName } from './callers/callerNames.js';
export { CALLER_HEADER, CALLER_KEY_HEADER } from './callers/identifyCaller.js';
export { type BrokerServer, type BrokerServerOptions, createBrokerServer } from './createBrokerServer.js';
export type { BrokerOverrides } from './dependencies.js';
export { BROKER_ENV_VARIABLES, BROKER_REQUIRED_VARIABLES, type BrokerEnv, loadBrokerEnv } from './env.js';
export { ACCESS_TOKEN_TYPE } from './services/exchangeResponse.js';
export { TOKEN_EXCHANGE_GRANT } from './services/tokenExchanger.js';
export { type RunningBroker, type StartBrokerOptions, startBroker } from './startBroker.js';
export { createLazyVault, type GrantOwner, type LazyVault, type StoredGrant } from './vault/index.js';
