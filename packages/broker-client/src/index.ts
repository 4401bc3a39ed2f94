export type { BackgroundTokenClient } from './backgroundTokenClient.js';
export { createBackgroundTokenClient } from './backgroundTokenClient.js';
export { BrokerCallError, type BrokerCallErrorCode, toBrokerCallError } from './brokerCallError.js';
export type { BrokerClientOptions } from './brokerClientOptions.js';
export { type BrokerHealth, checkBrokerHealth } from './checkBrokerHealth.js';
export type { BrokerIssuedToken, SessionTokenClient } from './sessionTokenClient.js';
export { createSessionTokenClient } from './sessionTokenClient.js';
