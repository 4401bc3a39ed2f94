import { createTokenVerifier, type TokenVerifier } from '@nc-mcp/auth';
import { createSessionTokenClient, type SessionTokenClient } from '@nc-mcp/broker-client';
import { loadClientRegistry } from '@nc-mcp/client-registry';
import { requireReadableFiles } from '@nc-mcp/config';
import type { Logger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import type { AppDeps } from './app.js';
import type { McpServerEnv } from './env.js';
import { createAppPresence, withAppPresence } from './nextcloud/appPresence.js';
import { exchangeAccess } from './nextcloud/exchangeAccess.js';
import { type NextcloudAccess, passThroughAccess } from './nextcloud/nextcloudAccess.js';
import { enabledTools } from './tools/catalogue.js';

/** The app's dependencies plus what must be released at shutdown. */
export interface Dependencies extends AppDeps {
  close(): void;
}

/**
 * Builds the app's dependencies from its parsed environment. A configuration problem only visible now
 * (an unreadable TLS file) is a ConfigError naming the variable.
 */
export function buildDependencies(env: McpServerEnv, logger: Logger): Dependencies {
  if (env.ignoredVariables.length > 0) {
    logger.warn(
      { variables: env.ignoredVariables },
      'TOKEN_BROKER_* settings are ignored: ENABLE_TOKEN_EXCHANGE is not true, so the server runs in pass-through mode',
    );
  }
  if (env.tokenExchange?.tls) {
    requireReadableFiles({
      TOKEN_BROKER_TLS_CA_FILE: env.tokenExchange.tls.caFile,
      TOKEN_BROKER_TLS_CERT_FILE: env.tokenExchange.tls.certFile,
      TOKEN_BROKER_TLS_KEY_FILE: env.tokenExchange.tls.keyFile,
    });
  }
  const clientRegistry = loadClientRegistry({
    file: env.clientRegistryFile,
    includeDemoClient: env.demoClientEnabled,
    acceptDynamicClients: env.acceptDynamicClients,
  });
  const verifier: TokenVerifier = createTokenVerifier({
    issuer: env.issuer,
    audiences: env.audiences,
    resource: env.resource,
    resourceAliases: env.resourceAliases,
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
  let broker: SessionTokenClient | undefined;
  let access: NextcloudAccess = passThroughAccess(nextcloud);
  if (env.tokenExchange) {
    broker = createSessionTokenClient({
      address: env.tokenExchange.brokerUrl,
      caller: 'mcp-server',
      callerKey: env.tokenExchange.callerKey,
      tls: env.tokenExchange.tls,
      deadlineMs: env.tokenExchange.timeoutMs,
      logger: logger.child({ component: 'broker-client' }),
    });
    access = exchangeAccess({ nextcloud, broker, audience: env.nextcloudAudience });
  }
  const presence = createAppPresence({ logger: logger.child({ component: 'app-presence' }) });
  const catalogue = enabledTools(env.toolSelection);
  if (catalogue.length === 0) {
    logger.warn('MCP_TOOLSETS and MCP_DISABLED_TOOLS leave no tool enabled: tools/list will be empty');
  }
  return {
    close: () => broker?.close(),
    resource: env.resource,
    resourceAliases: env.resourceAliases,
    issuer: env.issuer,
    allowedHosts: env.allowedHosts,
    allowedOrigins: env.allowedOrigins,
    maxBodyBytes: env.maxBodyBytes,
    verifier,
    access: withAppPresence(access, { baseUrl: env.nextcloudUrl, presence }),
    catalogue,
    logger,
  };
}
