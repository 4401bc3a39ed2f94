export type { BackgroundTokenClient } from './backgroundTokenClient.js';
export { createBackgroundTokenClient } from './backgroundTokenClient.js';
export type { BrokerClientOptions } from './brokerClientOptions.js';
export { BrokerError, type BrokerErrorCode, toBrokerError } from './brokerError.js';
export { type BrokerHealth, checkBrokerHealth } from './checkBrokerHealth.js';
export type { BrokerIssuedToken, SessionTokenClient } from './sessionTokenClient.js';
export { createSessionTokenClient } from './sessionTokenClient.js';
