import {
  ConfigError,
  type EnvSource,
  envBoolean,
  envList,
  envLogLevel,
  envPort,
  envUrl,
  parseEnv,
} from '@nc-mcp/config';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: envLogLevel,
  OIDC_ISSUER: envUrl().optional(),
  NEXTCLOUD_URL: envUrl().optional(),
  MCP_HOST: z.string().default('127.0.0.1'),
  MCP_PORT: envPort(3000),
  MCP_PUBLIC_URL: envUrl().optional(),
  // The MCP Inspector's web UI, so that its direct (browser) connections pass the Origin check.
  MCP_ALLOWED_ORIGINS: envList(['http://localhost:6274', 'http://127.0.0.1:6274']),
  DEV_IDP_PORT: envPort(9090),
  DEV_NEXTCLOUD_PORT: envPort(8081),
  // user_oidc's out-of-the-box uids, so that every run exercises the uid discovery.
  DEV_NEXTCLOUD_USER_ID_MODE: z.enum(['username', 'hashed']).default('hashed'),
  // The dev IdP's signing key and the stack's own secrets survive a restart here (relative to the
  // repository root): a real Nextcloud caches the IdP's keys for an hour.
  DEV_IDP_DATA_DIR: z.string().min(1).default('./data/dev-idp'),
  ENABLE_TOKEN_EXCHANGE: envBoolean(false),
  // Flow 2 needs the broker, so `pnpm start` runs it in both token modes unless this is false.
  ENABLE_PROGRESSIVE_CONSENT: envBoolean(true),
  BROKER_PORT: envPort(50051),
  BROKER_CLIENT_ID: z.string().optional(),
  BROKER_CLIENT_SECRET: z.string().optional(),
  NEXTCLOUD_AUDIENCE: z.string().default('nextcloud'),
});

/** Every variable `pnpm start` itself reads; the rest of the environment goes to the services. */
export const DEV_STACK_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The dev stack's own settings; everything else is passed through to the services. */
export type DevStackEnv = z.output<typeof schema>;

/** Parses the dev stack's environment; throws ConfigError naming every offending variable. */
export function loadDevStackEnv(source: EnvSource = process.env): DevStackEnv {
  const env = parseEnv(schema, source);
  if (needsBroker(env) && env.OIDC_ISSUER && !(env.BROKER_CLIENT_ID && env.BROKER_CLIENT_SECRET)) {
    // With a real IdP the broker's confidential client must exist there; the dev IdP makes its own.
    throw new ConfigError([
      {
        variable: 'BROKER_CLIENT_ID',
        message:
          'and BROKER_CLIENT_SECRET are required with OIDC_ISSUER when ENABLE_TOKEN_EXCHANGE or ENABLE_PROGRESSIVE_CONSENT (on by default) is true',
      },
    ]);
  }
  return env;
}

/** Whether the stack runs the token broker: exchange mode, progressive consent, or both. */
export function needsBroker(
  env: Pick<DevStackEnv, 'ENABLE_TOKEN_EXCHANGE' | 'ENABLE_PROGRESSIVE_CONSENT'>,
): boolean {
  return env.ENABLE_TOKEN_EXCHANGE || env.ENABLE_PROGRESSIVE_CONSENT;
}
