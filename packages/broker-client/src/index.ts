// What every caller of the broker shares. The clients live under two entry points, so that which
// process may hold which kind of token shows in its imports (test/importGraph.test.ts keeps it so):
// `@nc-mcp/broker-client/session` (the MCP server: exchange and consent) and
// `@nc-mcp/broker-client/background` (the background worker: refresh-derived tokens).
export { BrokerCallError, type BrokerCallErrorCode, toBrokerCallError } from './brokerCallError.js';
export type { BrokerClientOptions } from './brokerClientOptions.js';
export {
  type BrokerHealth,
  type BrokerHealthClient,
  type BrokerHealthClientOptions,
  createBrokerHealthClient,
} from './brokerHealthClient.js';
export { checkBrokerHealth } from './checkBrokerHealth.js';
export type { BrokerIssuedToken } from './issuedToken.js';
