export type { BackgroundTokenClient, ProvisionedUser } from './backgroundTokenClient.js';
export { createBackgroundTokenClient } from './backgroundTokenClient.js';
export { BrokerCallError, type BrokerCallErrorCode, toBrokerCallError } from './brokerCallError.js';
export type { BrokerClientOptions } from './brokerClientOptions.js';
export {
  type BrokerHealth,
  type BrokerHealthClient,
  type BrokerHealthClientOptions,
  createBrokerHealthClient,
} from './brokerHealthClient.js';
export { checkBrokerHealth } from './checkBrokerHealth.js';
export type {
  ProvisioningClient,
  ProvisioningStatus,
  StartedProvisioning,
} from './provisioningClient.js';
export { createProvisioningClient } from './provisioningClient.js';
export type { BrokerIssuedToken, SessionTokenClient } from './sessionTokenClient.js';
export { createSessionTokenClient } from './sessionTokenClient.js';
