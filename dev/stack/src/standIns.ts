import { startDevIdp } from '@nc-mcp/dev-idp';
import { startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import type { Logger } from '@nc-mcp/logger';
import { devOnlyNotice } from './banner.js';
import { persistentSecret, resolveDevDataDir } from './devDataDir.js';
import { type DevStackEnv, needsBroker } from './env.js';

/** Where the stack's IdP and Nextcloud are, and which of them are dev stand-ins. */
export interface StandIns {
  issuer: string;
  nextcloudUrl: string;
  devIdp: boolean;
  devNextcloud: boolean;
  /** The broker's confidential client at the IdP (exchange mode only). */
  brokerClient?: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

/** The MCP server's canonical resource, as the server itself derives it from the same variables. */
function mcpResourceOf(env: DevStackEnv): string {
  const host = env.MCP_HOST === '0.0.0.0' || env.MCP_HOST === '::' ? '127.0.0.1' : env.MCP_HOST;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return `${env.MCP_PUBLIC_URL ?? `http://${hostForUrl}:${env.MCP_PORT}`}/mcp`;
}

/** Starts the dev IdP and the Nextcloud test double where their variables are unset, loudly. */
export async function startStandIns(env: DevStackEnv, logger: Logger): Promise<StandIns> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    let issuer = env.OIDC_ISSUER;
    let brokerClient =
      env.BROKER_CLIENT_ID && env.BROKER_CLIENT_SECRET
        ? { clientId: env.BROKER_CLIENT_ID, clientSecret: env.BROKER_CLIENT_SECRET }
        : undefined;
    if (!issuer) {
      // Kept on disk so that a restarted stack (and a real Nextcloud's JWKS cache) agrees with itself.
      const dataDir = resolveDevDataDir(env.DEV_IDP_DATA_DIR);
      if (needsBroker(env)) {
        brokerClient ??= {
          clientId: 'token-broker',
          clientSecret: await persistentSecret(dataDir, 'broker-client-secret'),
        };
      }
      const idp = await startDevIdp({
        port: env.DEV_IDP_PORT,
        dataDir,
        tokenMode: env.ENABLE_TOKEN_EXCHANGE ? 'exchange' : 'pass-through',
        // Only tokens for this server name mcp-server (and Nextcloud): the MCP server refuses the others.
        mcpResource: mcpResourceOf(env),
        nextcloudAudience: env.NEXTCLOUD_AUDIENCE,
        exchangeClients: brokerClient
          ? [{ ...brokerClient, allowedAudiences: [env.NEXTCLOUD_AUDIENCE] }]
          : [],
        logger: logger.child({ service: 'dev-idp' }),
      });
      closers.push(() => idp.close());
      issuer = idp.issuer;
      process.stdout.write(devOnlyNotice('dev IdP', issuer, 'OIDC_ISSUER'));
    }
    let nextcloudUrl = env.NEXTCLOUD_URL;
    if (!nextcloudUrl) {
      const nextcloud = await startDevNextcloud({
        issuer,
        port: env.DEV_NEXTCLOUD_PORT,
        audience: env.NEXTCLOUD_AUDIENCE,
        userIdMode: env.DEV_NEXTCLOUD_USER_ID_MODE,
        logger: logger.child({ service: 'dev-nextcloud' }),
      });
      closers.push(() => nextcloud.close());
      nextcloudUrl = nextcloud.url;
      process.stdout.write(devOnlyNotice('Nextcloud test double', nextcloudUrl, 'NEXTCLOUD_URL'));
    }
    return {
      issuer,
      nextcloudUrl,
      devIdp: !env.OIDC_ISSUER,
      devNextcloud: !env.NEXTCLOUD_URL,
      brokerClient,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
