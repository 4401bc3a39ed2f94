import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { createTokenVerifier } from '@nc-mcp/auth';
import { loadClientRegistry } from '@nc-mcp/client-registry';
import type { Logger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import type { AppDeps } from './app.js';
import type { McpServerEnv } from './env.js';
import { type NextcloudAccess, passThroughAccess } from './nextcloud/nextcloudAccess.js';

/** Builds the app's dependencies from its parsed environment. */
export function buildDependencies(env: McpServerEnv, logger: Logger): AppDeps {
  const clientRegistry = loadClientRegistry({
    file: env.clientRegistryFile,
    includeDemoClient: env.demoClientEnabled,
    acceptDynamicClients: env.acceptDynamicClients,
  });
  const verifier: OAuthTokenVerifier = createTokenVerifier({
    issuer: env.issuer,
    audiences: env.audiences,
    resource: env.resource,
    clientRegistry,
    algorithms: env.algorithms,
    introspection: env.introspection,
    logger: logger.child({ component: 'verifier' }),
  });
  const nextcloud = createNextcloudClient({
    baseUrl: env.nextcloudUrl,
    timeoutMs: env.nextcloudTimeoutMs,
    logger: logger.child({ component: 'nextcloud' }),
  });
  const access: NextcloudAccess = passThroughAccess(nextcloud);
  return {
    resource: env.resource,
    issuer: env.issuer,
    allowedHosts: env.allowedHosts,
    allowedOrigins: env.allowedOrigins,
    maxBodyBytes: env.maxBodyBytes,
    verifier,
    access,
    logger,
  };
}
