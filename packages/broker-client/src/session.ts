// The MCP server's clients: RFC 8693 exchange for session tool calls, and Flow 2 consent.
export type {
  ProvisioningClient,
  ProvisioningStatus,
  StartedProvisioning,
} from './provisioningClient.js';
export { createProvisioningClient } from './provisioningClient.js';
export type { SessionTokenClient } from './sessionTokenClient.js';
export { createSessionTokenClient } from './sessionTokenClient.js';
