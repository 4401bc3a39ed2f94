import { type EnvSource, envLogLevel, envPort, envUrl, parseEnv } from '@nc-mcp/config';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: envLogLevel,
  OIDC_ISSUER: envUrl().optional(),
  NEXTCLOUD_URL: envUrl().optional(),
  MCP_HOST: z.string().default('127.0.0.1'),
  MCP_PORT: envPort(3000),
  DEV_IDP_PORT: envPort(9090),
  DEV_NEXTCLOUD_PORT: envPort(8081),
  DEV_NEXTCLOUD_USER_ID_MODE: z.enum(['username', 'hashed']).default('username'),
});

/** Every variable `pnpm start` itself reads; the rest of the environment goes to the services. */
export const DEV_STACK_ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** The dev stack's own settings; everything else is passed through to the services. */
export type DevStackEnv = z.output<typeof schema>;

/** Parses the dev stack's environment; throws ConfigError naming every offending variable. */
export function loadDevStackEnv(source: EnvSource = process.env): DevStackEnv {
  return parseEnv(schema, source);
}
