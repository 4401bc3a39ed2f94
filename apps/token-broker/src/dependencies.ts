import { requireReadableFiles } from '@nc-mcp/config';
import type { Logger } from '@nc-mcp/logger';
import { createCallerKeyChecker } from './callers/callerKeys.js';
import type { CallerAuthentication } from './callers/identifyCaller.js';
import type { BrokerEnv } from './env.js';
import type { SessionTokenDeps } from './rpc/sessionTokenService.js';
import { type BackgroundTokens, createBackgroundTokens } from './services/background/backgroundTokens.js';
import { cachedSubjectVerifier } from './services/cachedSubjectVerifier.js';
import { createExchangeCache } from './services/exchangeCache.js';
import { createIdpGrantClient } from './services/provisioning/idpGrantClient.js';
import { createProvisioningFlow, type ProvisioningFlow } from './services/provisioning/provisioningFlow.js';
import { createSubjectVerifier } from './services/subjectVerifier.js';
import { createTokenExchanger } from './services/tokenExchanger.js';
import { createLazyVault, type LazyVault } from './vault/index.js';

/** Seams for tests and in-process stacks; production uses the defaults. */
export interface BrokerOverrides {
  /** Used for every IdP call: discovery, JWKS and the token endpoint. */
  fetch?: typeof fetch;
  /** Unix milliseconds. */
  now?: () => number;
  /** PostgreSQL schema of the vault (tests use one per run); default `public`. */
  vaultSchema?: string;
}

/** Everything the RPC handlers use, built from the environment. */
export interface BrokerDependencies {
  authentication: CallerAuthentication;
  sessionToken: SessionTokenDeps;
  provisioning: ProvisioningFlow;
  backgroundTokens: BackgroundTokens;
  /** Opened by the first Flow 2 (or background) call only. */
  vault: LazyVault;
}

/**
 * Builds the broker's dependencies. No storage is opened here: the session path never needs it. An
 * unreadable TLS file is a ConfigError naming its variable (not an ENOENT when the server binds).
 */
export function buildDependencies(
  env: BrokerEnv,
  logger: Logger,
  overrides: BrokerOverrides = {},
): BrokerDependencies {
  const fetchOverride = overrides.fetch ? { fetch: overrides.fetch } : {};
  if (env.tls) {
    requireReadableFiles({
      BROKER_TLS_CERT_FILE: env.tls.certFile,
      BROKER_TLS_KEY_FILE: env.tls.keyFile,
      BROKER_TLS_CLIENT_CA_FILE: env.tls.clientCaFile,
    });
  }
  if (env.mcpResource === undefined) {
    logger.warn('MCP_PUBLIC_URL is not set: subject tokens whose audience names a resource URL are refused');
  }
  if (env.tls && env.callerKeys.size > 0) {
    logger.warn('BROKER_CALLER_KEYS is ignored: with mTLS the client certificate is the caller identity');
  }
  const subjectVerifier = cachedSubjectVerifier(
    createSubjectVerifier({
      issuer: env.issuer,
      audiences: env.subjectAudiences,
      resource: env.mcpResource,
      timeoutMs: env.idpTimeoutMs,
      logger,
      ...fetchOverride,
    }),
    overrides.now ? { now: overrides.now } : {},
  );
  const vault = createLazyVault({
    dataDir: env.vault.dataDir,
    databaseUrl: env.vault.databaseUrl,
    encryptionKeys: env.vault.encryptionKeys,
    logger: logger.child({ component: 'vault' }),
    ...(overrides.vaultSchema ? { schema: overrides.vaultSchema } : {}),
  });
  const idp = createIdpGrantClient({
    issuer: env.issuer,
    clientId: env.clientId,
    clientSecret: env.clientSecret,
    timeoutMs: env.idpTimeoutMs,
    logger: logger.child({ component: 'provisioning' }),
    ...fetchOverride,
  });
  return {
    vault,
    backgroundTokens: createBackgroundTokens({
      enabled: env.progressiveConsent.mode !== 'off',
      issuer: env.issuer,
      vault,
      idp,
      logger: logger.child({ component: 'background-tokens' }),
      ...(overrides.now ? { now: overrides.now } : {}),
    }),
    provisioning: createProvisioningFlow({
      enabled: env.progressiveConsent.mode !== 'off',
      issuer: env.issuer,
      clientId: env.clientId,
      redirectUri: env.provisioningRedirectUri,
      backgroundScopes: env.progressiveConsent.backgroundScopes,
      verifier: subjectVerifier,
      idp,
      vault,
      logger: logger.child({ component: 'provisioning' }),
      ...(overrides.now ? { now: overrides.now } : {}),
    }),
    authentication: env.tls
      ? { mode: 'mtls' }
      : { mode: 'keys', keys: createCallerKeyChecker(env.callerKeys) },
    sessionToken: {
      verifier: subjectVerifier,
      exchanger: createTokenExchanger({
        issuer: env.issuer,
        clientId: env.clientId,
        clientSecret: env.clientSecret,
        timeoutMs: env.idpTimeoutMs,
        logger: logger.child({ component: 'token-exchanger' }),
        ...fetchOverride,
      }),
      cache:
        env.cacheTtlSeconds > 0
          ? createExchangeCache({
              ttlSeconds: env.cacheTtlSeconds,
              ...(overrides.now ? { now: overrides.now } : {}),
            })
          : undefined,
      defaultAudience: env.nextcloudAudience,
      ...(overrides.now ? { now: overrides.now } : {}),
    },
  };
}
