import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DevIdp, startDevIdp } from '@nc-mcp/dev-idp';
import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';
import { buildDependencies, createApp, loadEnv } from '@nc-mcp/mcp-server';

/** A whole local stack on ephemeral ports: dev IdP, Nextcloud test double, MCP server. */
export interface Stack {
  idp: DevIdp;
  nextcloud: DevNextcloud;
  /** The MCP endpoint, e.g. http://127.0.0.1:41234/mcp */
  mcpUrl: string;
  /** Everything the MCP server logged. */
  logs: CapturedLogs;
  close(): Promise<void>;
}

/** Options for {@link startStack}. */
export interface StackOptions {
  userIdMode?: 'username' | 'hashed';
  env?: Record<string, string>;
}

/** Starts the stack in pass-through mode, wired like `pnpm start` but in-process. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const logs = captureLogs('mcp-server');
  const idp = await startDevIdp({ tokenMode: 'passthrough' });
  const nextcloud = await startDevNextcloud({
    issuer: idp.issuer,
    userIdMode: options.userIdMode ?? 'username',
  });
  // Listen first: the resource URL (and so the token audience) contains the port.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const env = loadEnv({
    MCP_PORT: String(port),
    OIDC_ISSUER: idp.issuer,
    NEXTCLOUD_URL: nextcloud.url,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const app = createApp(buildDependencies(env, logs.logger));
  server.on('request', app);
  return {
    idp,
    nextcloud,
    mcpUrl: env.resource,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nextcloud.close();
      await idp.close();
    },
  };
}
