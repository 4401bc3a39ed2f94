import {
  allOrNone,
  type EnvIssue,
  type EnvSource,
  envInteger,
  envLogLevel,
  envPort,
  envPostgresUrl,
  envUrl,
  parseEnv,
  type RawEnv,
  rawBoolean,
} from '@nc-mcp/config';
import { z } from 'zod';
import { parseCallerKeys } from './callers/callerKeys.js';
import type { CallerName } from './callers/callerNames.js';
import { parseEncryptionKeys } from './vault/encryptionKeys.js';

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
  // Progressive consent (Flow 2). Tri-state: unset means "on, checked when first used"; true checks the
  // vault's settings at start; false answers every provisioning call with failed-precondition.
  ENABLE_PROGRESSIVE_CONSENT: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || /^(true|false|1|0)$/i.test(value.trim()),
      'must be one of true, false, 1, 0',
    ),
  // Space- or comma-separated, as OAuth writes scopes; never `offline_access` or `openid` (always added).
  BACKGROUND_SCOPES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const scopes = [...new Set((value ?? '').split(/[\s,]+/).filter((scope) => scope !== ''))];
      if (scopes.some((scope) => scope === 'openid' || scope === 'offline_access')) {
        ctx.addIssue({
          code: 'custom',
          message: 'lists resource scopes only (openid and offline_access are always asked for)',
        });
        return z.NEVER;
      }
      return scopes;
    }),
  BROKER_DATA_DIR: z.string().default('./data/broker'),
  DATABASE_URL: envPostgresUrl(),
  // Parsed when the vault opens (never at start unless ENABLE_PROGRESSIVE_CONSENT=true), so a bad
  // key can never break token exchange.
  TOKEN_ENCRYPTION_KEYS: z.string().optional(),
});

/** Every variable the token broker reads (the README's configuration table must list each). */
export const BROKER_ENV_VARIABLES: readonly string[] = Object.keys(variables.shape);

/** Variables without which the token broker does not start (plus caller keys or the TLS trio). */
export const BROKER_REQUIRED_VARIABLES: readonly string[] = [
  'OIDC_ISSUER',
  'BROKER_CLIENT_ID',
  'BROKER_CLIENT_SECRET',
];

/** What background work reads by default: the worker syncs notes, files, calendars and contacts, it never writes. */
export const DEFAULT_BACKGROUND_SCOPES: readonly string[] = [
  'notes.read',
  'files.read',
  'calendar.read',
  'contacts.read',
];

const TLS_VARIABLES = ['BROKER_TLS_CERT_FILE', 'BROKER_TLS_KEY_FILE', 'BROKER_TLS_CLIENT_CA_FILE'] as const;

/** Every rule that involves more than one variable; each issue names the variable to set. */
function crossFieldIssues(raw: RawEnv): EnvIssue[] {
  const issues = allOrNone(raw, TLS_VARIABLES);
  if (rawBoolean(raw.ENABLE_PROGRESSIVE_CONSENT) === true) {
    // Asked for explicitly: check now what would otherwise only fail at the first consent.
    const keys = parseEncryptionKeys(raw.TOKEN_ENCRYPTION_KEYS);
    if (!keys.ok) {
      for (const message of keys.problems) issues.push({ variable: 'TOKEN_ENCRYPTION_KEYS', message });
    }
    if (raw.MCP_PUBLIC_URL === undefined) {
      issues.push({
        variable: 'MCP_PUBLIC_URL',
        message: 'is required when ENABLE_PROGRESSIVE_CONSENT is true (the consent callback is under it)',
      });
    }
  }
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
    /** Where the IdP returns the browser after Flow 2 consent: the MCP server's callback route. */
    provisioningRedirectUri:
      env.MCP_PUBLIC_URL === undefined ? undefined : `${env.MCP_PUBLIC_URL}/oauth/provision/callback`,
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
    progressiveConsent: {
      /** `explicit`: ENABLE_PROGRESSIVE_CONSENT=true, so the vault settings are checked at start. */
      mode:
        env.ENABLE_PROGRESSIVE_CONSENT === undefined
          ? ('default-on' as const)
          : /^(true|1)$/i.test(env.ENABLE_PROGRESSIVE_CONSENT.trim())
            ? ('explicit' as const)
            : ('off' as const),
      /** Resource scopes a Flow 2 grant asks for (besides `openid offline_access`). */
      backgroundScopes: env.BACKGROUND_SCOPES.length > 0 ? env.BACKGROUND_SCOPES : DEFAULT_BACKGROUND_SCOPES,
    },
    vault: {
      dataDir: env.BROKER_DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      /** Raw `id:base64,id:base64`; parsed by the vault when it opens. */
      encryptionKeys: env.TOKEN_ENCRYPTION_KEYS,
    },
  };
});

/** The token broker's configuration, parsed from its environment. */
export type BrokerEnv = z.output<typeof schema>;

/** Parses the environment; throws ConfigError naming every offending variable (never a value), field and cross-field rules together. */
export function loadBrokerEnv(source: EnvSource = process.env): BrokerEnv {
  return parseEnv(schema, source, crossFieldIssues);
}
