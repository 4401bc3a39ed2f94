import { type AuthInfo, McpServer, type McpServerOptions } from '@modelcontextprotocol/server';
import type { ProvisioningClient } from '@nc-mcp/broker-client/session';
import type { Logger } from '@nc-mcp/logger';
import type { BackgroundSync } from '../background/backgroundSync.js';
import { CAPABILITIES_TTL_MS } from '../nextcloud/appPresence.js';
import type { NextcloudAccess } from '../nextcloud/nextcloudAccess.js';
import { registerResources } from '../resources/registerResources.js';
import { toolsOffered } from '../tools/catalogue.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { registerTool } from './registerTool.js';

/** Name and version announced to MCP clients. */
export const SERVER_INFO = { name: 'nc-mcp', version: '0.2.0' } as const;

/** What one request's server is built from. */
export interface McpServerInputs {
  auth: AuthInfo;
  access: NextcloudAccess;
  /** The broker's Flow 2 client, when progressive consent is offered through tools. */
  provisioning?: ProvisioningClient;
  /** Background sync (index and queue), when offered. */
  background?: BackgroundSync;
  /** Already bound to the client and the request id. */
  logger: Logger;
  requestId: string;
  /** The protocol era of this request: `modern` (2026-07-28) or `legacy` (2025-era). */
  era: 'modern' | 'legacy';
  /** The tools the operator enabled (`MCP_TOOLSETS`, `MCP_DISABLED_TOOLS`); default: the whole catalogue. */
  catalogue?: readonly AnyToolDefinition[];
  /** The Nextcloud apps present; `undefined` when unknown or not needed for this request. */
  presentApps?: ReadonlySet<string>;
}

// 2026-07-28 cache hints. Every list is filtered by the token's scopes and read with the caller's own
// Nextcloud access, so nothing here may be shared between users: always `private`. The tool list for a
// token changes with a deployment or when a Nextcloud app is enabled or disabled (read again after
// CAPABILITIES_TTL_MS); notes change any time, so their list and reads are not cached.
const CACHE_HINTS: McpServerOptions['cacheHints'] = {
  'server/discover': { ttlMs: 300_000, cacheScope: 'private' },
  'tools/list': { ttlMs: CAPABILITIES_TTL_MS, cacheScope: 'private' },
  'resources/templates/list': { ttlMs: 300_000, cacheScope: 'private' },
  'resources/list': { ttlMs: 0, cacheScope: 'private' },
  'resources/read': { ttlMs: 0, cacheScope: 'private' },
};

/**
 * The server for one request: only the enabled tools that the token's scopes allow and whose Nextcloud
 * app is present are registered, which is also what `tools/list` shows (any other name is an unknown
 * tool). `listChanged` is not advertised: a stateless server cannot deliver it.
 */
export function buildMcpServer(inputs: McpServerInputs): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    cacheHints: CACHE_HINTS,
  });
  for (const tool of toolsOffered(inputs.auth.scopes, inputs.catalogue, inputs.presentApps)) {
    registerTool(server, tool, inputs);
  }
  registerResources(server, inputs);
  return server;
}
