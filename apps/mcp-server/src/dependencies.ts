import { createTokenVerifier, type TokenVerifier } from '@nc-mcp/auth';
import type { BrokerClientOptions } from '@nc-mcp/broker-client';
import {
  createProvisioningClient,
  createSessionTokenClient,
  type ProvisioningClient,
  type SessionTokenClient,
} from '@nc-mcp/broker-client/session';
import { loadClientRegistry } from '@nc-mcp/client-registry';
import { requireReadableFiles } from '@nc-mcp/config';
import type { Logger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import type { AppDeps } from './app.js';
import { createBackgroundSync } from './background/backgroundSync.js';
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
      'TOKEN_BROKER_* settings are ignored: neither ENABLE_TOKEN_EXCHANGE nor ENABLE_PROGRESSIVE_CONSENT is true',
    );
  }
  if (env.broker?.tls) {
    requireReadableFiles({
      TOKEN_BROKER_TLS_CA_FILE: env.broker.tls.caFile,
      TOKEN_BROKER_TLS_CERT_FILE: env.broker.tls.certFile,
      TOKEN_BROKER_TLS_KEY_FILE: env.broker.tls.keyFile,
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
  const brokerOptions: BrokerClientOptions | undefined = env.broker && {
    address: env.broker.brokerUrl,
    caller: 'mcp-server',
    callerKey: env.broker.callerKey,
    tls: env.broker.tls,
    deadlineMs: env.broker.timeoutMs,
    logger: logger.child({ component: 'broker-client' }),
  };
  let broker: SessionTokenClient | undefined;
  let access: NextcloudAccess = passThroughAccess(nextcloud);
  if (env.tokenExchange && brokerOptions) {
    broker = createSessionTokenClient(brokerOptions);
    access = exchangeAccess({ nextcloud, broker, audience: env.nextcloudAudience });
  }
  const provisioning: ProvisioningClient | undefined =
    env.progressiveConsent && brokerOptions ? createProvisioningClient(brokerOptions) : undefined;
  const presence = createAppPresence({ logger: logger.child({ component: 'app-presence' }) });
  const background = provisioning
    ? createBackgroundSync({
        settings: env.backgroundSync,
        howToGrant: env.tokenExchange
          ? `Open ${env.publicUrl}/provision to grant it.`
          : `Grant it with provision_nextcloud_access (or at ${env.publicUrl}/provision).`,
        logger: logger.child({ component: 'background-sync' }),
      })
    : undefined;
  // Exchange mode offers no provisioning tools: background access is granted at the /provision page.
  const catalogue = enabledTools(env.toolSelection).filter((tool) => {
    if (tool.family === 'provisioning') return provisioning !== undefined && !env.tokenExchange;
    if (tool.family === 'background') return background !== undefined;
    return true;
  });
  if (catalogue.length === 0) {
    logger.warn('MCP_TOOLSETS and MCP_DISABLED_TOOLS leave no tool enabled: tools/list will be empty');
  }
  return {
    close: () => {
      broker?.close();
      provisioning?.close();
      void background?.close();
    },
    resource: env.resource,
    resourceAliases: env.resourceAliases,
    issuer: env.issuer,
    allowedHosts: env.allowedHosts,
    allowedOrigins: env.allowedOrigins,
    maxBodyBytes: env.maxBodyBytes,
    verifier,
    access: withAppPresence(access, { baseUrl: env.nextcloudUrl, presence }),
    catalogue,
    ...(provisioning ? { provisioning: { client: provisioning, publicUrl: env.publicUrl, background } } : {}),
    logger,
  };
}
