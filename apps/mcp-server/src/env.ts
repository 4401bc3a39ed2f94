import {
  allOrNone,
  type EnvIssue,
  type EnvSource,
  envBoolean,
  envInteger,
  envList,
  envLogLevel,
  envPort,
  envPostgresUrl,
  envQueuePrefix,
  envRedisUrl,
  envUrl,
  parseEnv,
  type RawEnv,
  rawBoolean,
} from '@nc-mcp/config';
import { z } from 'zod';
import { loopbackAliasOrigins, withOrigin } from './http/loopbackAliases.js';
import { TOOL_NAMES, type ToolSelection } from './tools/catalogue.js';
import { FAMILY_NAMES, isFamilyName } from './tools/families.js';

const variables = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: envLogLevel,
  MCP_HOST: z.string().default('127.0.0.1'),
  MCP_PORT: envPort(3000),
  MCP_PUBLIC_URL: envUrl().optional(),
  MCP_ALLOWED_HOSTS: envList(),
  MCP_ALLOWED_ORIGINS: envList(),
  MCP_MAX_BODY_BYTES: envInteger(1_048_576, 1024, 64 * 1_048_576),
  OIDC_ISSUER: envUrl(),
  OIDC_ALGORITHMS: envList().refine(
    (algorithms) => !algorithms.some((alg) => alg.toLowerCase() === 'none' || /^HS/i.test(alg)),
    'must not list none or HS* (only asymmetric signatures are accepted)',
  ),
  OIDC_INTROSPECTION_ENDPOINT: envUrl().optional(),
  OIDC_INTROSPECTION_CLIENT_ID: z.string().optional(),
  OIDC_INTROSPECTION_CLIENT_SECRET: z.string().optional(),
  MCP_CLIENT_ID: z.string().default('mcp-server'),
  MCP_TOKEN_AUDIENCES: envList(),
  MCP_CLIENT_REGISTRY_FILE: z.string().optional(),
  // Tri-state: unset means "on except in production", so envBoolean's default does not fit.
  MCP_DEMO_CLIENT_ENABLED: z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || /^(true|false|1|0)$/i.test(value.trim()),
      'must be one of true, false, 1, 0',
    ),
  MCP_ACCEPT_DYNAMIC_CLIENTS: envBoolean(false),
  // Fail closed: a misspelt name must not silently offer every family (or leave a tool on).
  MCP_TOOLSETS: envNames(FAMILY_NAMES, 'family', `known: ${FAMILY_NAMES.join(', ')}`),
  MCP_DISABLED_TOOLS: envNames(TOOL_NAMES, 'tool', "see the README's tool table"),
  NEXTCLOUD_URL: envUrl(),
  NEXTCLOUD_TIMEOUT_SECONDS: envInteger(15, 1, 300),
  NEXTCLOUD_AUDIENCE: z.string().default('nextcloud'),
  ENABLE_TOKEN_EXCHANGE: envBoolean(false),
  ENABLE_PROGRESSIVE_CONSENT: envBoolean(true),
  TOKEN_BROKER_URL: z.string().optional(),
  TOKEN_BROKER_CALLER_KEY: z
    .string()
    .min(16, 'must be at least 16 characters (the broker refuses shorter keys)')
    .optional(),
  TOKEN_BROKER_TLS_CA_FILE: z.string().optional(),
  TOKEN_BROKER_TLS_CERT_FILE: z.string().optional(),
  TOKEN_BROKER_TLS_KEY_FILE: z.string().optional(),
  TOKEN_BROKER_TIMEOUT_SECONDS: envInteger(10, 1, 120),
  // Background sync (with progressive consent): the worker's queue and its index, read-only here.
  REDIS_URL: envRedisUrl('redis://127.0.0.1:6379'),
  // The Redis key prefix of the worker's queue; the same value on every service of one deployment.
  QUEUE_PREFIX: envQueuePrefix(),
  INDEX_DATA_DIR: z.string().min(1).default('./data/index'),
  DATABASE_URL: envPostgresUrl(),
});

/** Every variable the MCP server reads (the README's configuration table must list each). */
export const MCP_SERVER_ENV_VARIABLES: readonly string[] = Object.keys(variables.shape);

/** Variables without which the MCP server does not start. */
export const MCP_SERVER_REQUIRED_VARIABLES: readonly string[] = ['OIDC_ISSUER', 'NEXTCLOUD_URL'];

/**
 * A comma-separated list of names out of `known`; unset gives `undefined`. A name not in `known`, or a
 * list without any name, is an error — which never repeats the value (it is the operator's input).
 */
function envNames(known: readonly string[], kind: string, hint: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const names = [...new Set(value.split(',').map((name) => name.trim()))].filter((name) => name !== '');
      if (names.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must name at least one ${kind} (unset it for the default)`,
        });
        return z.NEVER;
      }
      const unknown = names.filter((name) => !known.includes(name)).length;
      if (unknown > 0) {
        ctx.addIssue({ code: 'custom', message: `names ${unknown} unknown ${kind} name(s) (${hint})` });
        return z.NEVER;
      }
      return names;
    });
}

const BROKER_TLS_VARIABLES = [
  'TOKEN_BROKER_TLS_CA_FILE',
  'TOKEN_BROKER_TLS_CERT_FILE',
  'TOKEN_BROKER_TLS_KEY_FILE',
] as const;
const INTROSPECTION_CREDENTIALS = ['OIDC_INTROSPECTION_CLIENT_ID', 'OIDC_INTROSPECTION_CLIENT_SECRET'];

/** Which features need the broker: exchange mode, progressive consent (on unless set to false), or both. */
function brokerUsers(raw: Readonly<Record<string, string | undefined>>): string[] {
  const users: string[] = [];
  if (rawBoolean(raw.ENABLE_TOKEN_EXCHANGE) === true) users.push('ENABLE_TOKEN_EXCHANGE is true');
  if (rawBoolean(raw.ENABLE_PROGRESSIVE_CONSENT) !== false) {
    users.push(
      raw.ENABLE_PROGRESSIVE_CONSENT === undefined
        ? 'ENABLE_PROGRESSIVE_CONSENT is on (the default; set it to false to run without a broker)'
        : 'ENABLE_PROGRESSIVE_CONSENT is true',
    );
  }
  return users;
}

/**
 * Every rule that involves more than one variable; each issue names the variables to set. Exchange
 * mode and progressive consent both need the token broker: when either is asked for and the broker
 * cannot be reached, the server refuses to start rather than run without it. The `TOKEN_BROKER_*`
 * variables are only checked then (otherwise they are ignored, and {@link ignoredVariables} lists them).
 */
function crossFieldIssues(raw: RawEnv): EnvIssue[] {
  const issues = allOrNone(raw, INTROSPECTION_CREDENTIALS);
  if (raw.OIDC_INTROSPECTION_ENDPOINT !== undefined && issues.length === 0) {
    issues.push(
      ...INTROSPECTION_CREDENTIALS.filter((name) => raw[name] === undefined).map((variable) => ({
        variable,
        message: 'is required when OIDC_INTROSPECTION_ENDPOINT is set',
      })),
    );
  }
  const users = brokerUsers(raw);
  if (users.length === 0) return issues;
  const because = `is required when ${users.join(' and ')}`;
  if (raw.TOKEN_BROKER_URL === undefined) issues.push({ variable: 'TOKEN_BROKER_URL', message: because });
  issues.push(...allOrNone(raw, BROKER_TLS_VARIABLES));
  const mtls = BROKER_TLS_VARIABLES.every((name) => raw[name] !== undefined);
  if (raw.TOKEN_BROKER_CALLER_KEY === undefined && !mtls) {
    issues.push({
      variable: 'TOKEN_BROKER_CALLER_KEY',
      message: `${because}, unless ${BROKER_TLS_VARIABLES.join(', ')} are all set (mTLS)`,
    });
  }
  return issues;
}

/** `TOKEN_BROKER_*` variables that are set although nothing uses the broker (they are then ignored). */
function ignoredVariables(source: EnvSource): string[] {
  const set = (name: string) => (source[name] ?? '').trim() !== '';
  if (brokerUsers(source).length > 0) return [];
  return Object.keys(variables.shape).filter((name) => name.startsWith('TOKEN_BROKER_') && set(name));
}

const schema = variables.transform((env) => {
  const publicUrl = env.MCP_PUBLIC_URL ?? `http://${hostForUrl(env.MCP_HOST)}:${env.MCP_PORT}`;
  const resource = `${publicUrl}/mcp`;
  const aliasOrigins = loopbackAliasOrigins(publicUrl);
  const resourceAliases = aliasOrigins.map((origin) => withOrigin(resource, origin));
  const production = env.NODE_ENV === 'production';
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.MCP_HOST,
    port: env.MCP_PORT,
    publicUrl,
    resource,
    resourceAliases,
    allowedHosts: unique([
      new URL(publicUrl).hostname,
      ...aliasOrigins.map((origin) => new URL(origin).hostname),
      ...env.MCP_ALLOWED_HOSTS,
    ]),
    allowedOrigins: unique([new URL(publicUrl).origin, ...aliasOrigins, ...env.MCP_ALLOWED_ORIGINS]),
    maxBodyBytes: env.MCP_MAX_BODY_BYTES,
    issuer: env.OIDC_ISSUER,
    algorithms: env.OIDC_ALGORITHMS.length > 0 ? env.OIDC_ALGORITHMS : undefined,
    introspection:
      env.OIDC_INTROSPECTION_CLIENT_ID && env.OIDC_INTROSPECTION_CLIENT_SECRET
        ? {
            endpoint: env.OIDC_INTROSPECTION_ENDPOINT,
            clientId: env.OIDC_INTROSPECTION_CLIENT_ID,
            clientSecret: env.OIDC_INTROSPECTION_CLIENT_SECRET,
          }
        : undefined,
    clientId: env.MCP_CLIENT_ID,
    audiences: unique([
      'mcp-server',
      env.MCP_CLIENT_ID,
      resource,
      ...resourceAliases,
      ...env.MCP_TOKEN_AUDIENCES,
    ]),
    clientRegistryFile: env.MCP_CLIENT_REGISTRY_FILE,
    demoClientEnabled:
      env.MCP_DEMO_CLIENT_ENABLED === undefined
        ? !production
        : /^(true|1)$/i.test(env.MCP_DEMO_CLIENT_ENABLED),
    acceptDynamicClients: env.MCP_ACCEPT_DYNAMIC_CLIENTS,
    toolSelection: {
      toolsets: env.MCP_TOOLSETS?.filter(isFamilyName) ?? FAMILY_NAMES,
      disabledTools: env.MCP_DISABLED_TOOLS ?? [],
    } satisfies ToolSelection,
    nextcloudUrl: env.NEXTCLOUD_URL,
    nextcloudTimeoutMs: env.NEXTCLOUD_TIMEOUT_SECONDS * 1000,
    nextcloudAudience: env.NEXTCLOUD_AUDIENCE,
    tokenExchange: env.ENABLE_TOKEN_EXCHANGE,
    progressiveConsent: env.ENABLE_PROGRESSIVE_CONSENT,
    backgroundSync: {
      redisUrl: env.REDIS_URL,
      queuePrefix: env.QUEUE_PREFIX,
      indexDataDir: env.INDEX_DATA_DIR,
      databaseUrl: env.DATABASE_URL,
    },
    broker:
      env.ENABLE_TOKEN_EXCHANGE || env.ENABLE_PROGRESSIVE_CONSENT
        ? {
            // Never empty: crossFieldIssues refuses either feature without a broker address.
            brokerUrl: env.TOKEN_BROKER_URL ?? '',
            callerKey: env.TOKEN_BROKER_CALLER_KEY,
            tls:
              env.TOKEN_BROKER_TLS_CA_FILE && env.TOKEN_BROKER_TLS_CERT_FILE && env.TOKEN_BROKER_TLS_KEY_FILE
                ? {
                    caFile: env.TOKEN_BROKER_TLS_CA_FILE,
                    certFile: env.TOKEN_BROKER_TLS_CERT_FILE,
                    keyFile: env.TOKEN_BROKER_TLS_KEY_FILE,
                  }
                : undefined,
            timeoutMs: env.TOKEN_BROKER_TIMEOUT_SECONDS * 1000,
          }
        : undefined,
  };
});

/** The MCP server's configuration, parsed from its environment, plus what was set but is ignored. */
export type McpServerEnv = z.output<typeof schema> & { ignoredVariables: string[] };

/** Parses the environment; throws ConfigError naming every offending variable (field and cross-field rules). */
export function loadEnv(source: EnvSource = process.env): McpServerEnv {
  return { ...parseEnv(schema, source, crossFieldIssues), ignoredVariables: ignoredVariables(source) };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
