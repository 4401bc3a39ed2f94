import {
  allOrNone,
  type EnvIssue,
  type EnvSource,
  envInteger,
  envLogLevel,
  envPort,
  envUrl,
  parseEnv,
  type RawEnv,
} from '@nc-mcp/config';
import { z } from 'zod';
import { parseCallerKeys } from './callers/callerKeys.js';
import type { CallerName } from './callers/callerNames.js';

const required = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

const variables = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: envLogLevel,
  BROKER_HOST: z.string().default('127.0.0.1'),
  BROKER_PORT: envPort(50051),
  OIDC_ISSUER: envUrl(),
  BROKER_CLIENT_ID: required(),
  BROKER_CLIENT_SECRET: required(),
  MCP_CLIENT_ID: z.string().default('mcp-server'),
  MCP_PUBLIC_URL: envUrl().optional(),
  NEXTCLOUD_AUDIENCE: z.string().default('nextcloud'),
  // Parsed here, as one field, so its problems are reported in the same round as every other one.
  BROKER_CALLER_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const parsed = parseCallerKeys(value);
      if (parsed.ok) return parsed.keys;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  BROKER_TLS_CERT_FILE: z.string().optional(),
  BROKER_TLS_KEY_FILE: z.string().optional(),
  BROKER_TLS_CLIENT_CA_FILE: z.string().optional(),
  OIDC_TIMEOUT_SECONDS: envInteger(5, 1, 60),
  TOKEN_EXCHANGE_CACHE_TTL_SECONDS: envInteger(0, 0, 3600),
});

/** Every variable the token broker reads (the README's configuration table must list each). */
export const BROKER_ENV_VARIABLES: readonly string[] = Object.keys(variables.shape);

/** Variables without which the token broker does not start (plus caller keys or the TLS trio). */
export const BROKER_REQUIRED_VARIABLES: readonly string[] = [
  'OIDC_ISSUER',
  'BROKER_CLIENT_ID',
  'BROKER_CLIENT_SECRET',
];

const TLS_VARIABLES = ['BROKER_TLS_CERT_FILE', 'BROKER_TLS_KEY_FILE', 'BROKER_TLS_CLIENT_CA_FILE'] as const;

/** Every rule that involves more than one variable; each issue names the variable to set. */
function crossFieldIssues(raw: RawEnv): EnvIssue[] {
  const issues = allOrNone(raw, TLS_VARIABLES);
  if (raw.BROKER_CALLER_KEYS === undefined && TLS_VARIABLES.some((name) => raw[name] === undefined)) {
    // Without either, no caller could ever be authenticated: refuse to start rather than serve nobody.
    issues.push({
      variable: 'BROKER_CALLER_KEYS',
      message: `is required unless ${TLS_VARIABLES.join(', ')} are all set (mTLS)`,
    });
  }
  return issues;
}

const schema = variables.transform((env) => {
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.BROKER_HOST,
    port: env.BROKER_PORT,
    issuer: env.OIDC_ISSUER,
    clientId: env.BROKER_CLIENT_ID,
    clientSecret: env.BROKER_CLIENT_SECRET,
    /** `aud` values a subject token may carry (any one suffices). */
    subjectAudiences: [...new Set(['mcp-server', env.MCP_CLIENT_ID])],
    /**
     * The MCP server's canonical resource (RFC 8707), derived as the MCP server does. A subject token
     * whose audience names resource URLs must name this one; without it, such tokens are refused.
     */
    mcpResource: env.MCP_PUBLIC_URL === undefined ? undefined : `${env.MCP_PUBLIC_URL}/mcp`,
    nextcloudAudience: env.NEXTCLOUD_AUDIENCE,
    callerKeys: env.BROKER_CALLER_KEYS ?? (new Map() as ReadonlyMap<CallerName, string>),
    tls:
      env.BROKER_TLS_CERT_FILE && env.BROKER_TLS_KEY_FILE && env.BROKER_TLS_CLIENT_CA_FILE
        ? {
            certFile: env.BROKER_TLS_CERT_FILE,
            keyFile: env.BROKER_TLS_KEY_FILE,
            clientCaFile: env.BROKER_TLS_CLIENT_CA_FILE,
          }
        : undefined,
    idpTimeoutMs: env.OIDC_TIMEOUT_SECONDS * 1000,
    cacheTtlSeconds: env.TOKEN_EXCHANGE_CACHE_TTL_SECONDS,
  };
});

/** The token broker's configuration, parsed from its environment. */
export type BrokerEnv = z.output<typeof schema>;

/** Parses the environment; throws ConfigError naming every offending variable (never a value), field and cross-field rules together. */
export function loadBrokerEnv(source: EnvSource = process.env): BrokerEnv {
  return parseEnv(schema, source, crossFieldIssues);
}
