// The app's surface for the cross-app tests and the dev stack; the deployable entry is index.ts.
export { type AppDeps, createApp } from './app.js';
export { buildDependencies, type Dependencies } from './dependencies.js';
export {
  loadEnv,
  MCP_SERVER_ENV_VARIABLES,
  MCP_SERVER_REQUIRED_VARIABLES,
  type McpServerEnv,
} from './env.js';
export { exchangeAccess } from './nextcloud/exchangeAccess.js';
export {
  type NextcloudAccess,
  passThroughAccess,
  type ToolCallContext,
} from './nextcloud/nextcloudAccess.js';
export { listen, type RunningServer } from './server.js';
export { TOOL_CATALOGUE, toolsAllowedFor } from './tools/catalogue.js';
export { BASELINE_SCOPES, SCOPES } from './tools/scopes.js';
