import {
  allOrNone,
  type EnvIssue,
  type EnvSource,
  envInteger,
  envLogLevel,
  envPort,
  envPostgresUrl,
  envQueuePrefix,
  envRedisUrl,
  envString,
  envUrl,
  parseEnv,
  type RawEnv,
} from '@nc-mcp/config';
import { z } from 'zod';

const variables = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: envLogLevel,
  REDIS_URL: envRedisUrl('redis://127.0.0.1:6379'),
  TOKEN_BROKER_URL: envString().refine(
    (value) => /^(dns:\/\/\/)?[^\s/]+:\d{1,5}$/.test(value.trim()),
    'must be host:port (or dns:///host:port)',
  ),
  TOKEN_BROKER_CALLER_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  TOKEN_BROKER_TLS_CA_FILE: z.string().optional(),
  TOKEN_BROKER_TLS_CERT_FILE: z.string().optional(),
  TOKEN_BROKER_TLS_KEY_FILE: z.string().optional(),
  TOKEN_BROKER_TIMEOUT_SECONDS: envInteger(10, 1, 120),
  // The Redis key prefix of the queue; the same value on every service of one deployment (mcp-server too).
  QUEUE_PREFIX: envQueuePrefix(),
  NEXTCLOUD_URL: envUrl(),
  NEXTCLOUD_TIMEOUT_SECONDS: envInteger(30, 1, 300),
  SYNC_INTERVAL_SECONDS: envInteger(900, 60, 7 * 24 * 3600),
  WORKER_CONCURRENCY: envInteger(4, 1, 64),
  INDEX_DATA_DIR: z.string().default('./data/index'),
  DATABASE_URL: envPostgresUrl(),
  WORKER_ADMIN_HOST: z.string().default('127.0.0.1'),
  WORKER_ADMIN_PORT: envPort(9464),
  WORKER_DASHBOARD_USER: z.string().optional(),
  WORKER_DASHBOARD_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
});

/** Every variable the background worker reads (the README's configuration table must list each). */
export const WORKER_ENV_VARIABLES: readonly string[] = Object.keys(variables.shape);

/** Variables without which the background worker does not start (plus a caller key or the TLS trio). */
export const WORKER_REQUIRED_VARIABLES: readonly string[] = ['TOKEN_BROKER_URL', 'NEXTCLOUD_URL'];

const TLS_VARIABLES = [
  'TOKEN_BROKER_TLS_CA_FILE',
  'TOKEN_BROKER_TLS_CERT_FILE',
  'TOKEN_BROKER_TLS_KEY_FILE',
] as const;
const DASHBOARD_VARIABLES = ['WORKER_DASHBOARD_USER', 'WORKER_DASHBOARD_PASSWORD'] as const;

/** Every rule that involves more than one variable; each issue names the variable to set. */
function crossFieldIssues(raw: RawEnv): EnvIssue[] {
  const issues: EnvIssue[] = [...allOrNone(raw, TLS_VARIABLES), ...allOrNone(raw, DASHBOARD_VARIABLES)];
  if (raw.TOKEN_BROKER_CALLER_KEY === undefined && TLS_VARIABLES.some((name) => raw[name] === undefined)) {
    // The broker authenticates every caller: without a key or a client certificate it would refuse us.
    issues.push({
      variable: 'TOKEN_BROKER_CALLER_KEY',
      message: `is required unless ${TLS_VARIABLES.join(', ')} are all set (mTLS)`,
    });
  }
  return issues;
}

const schema = variables.transform((env) => ({
  nodeEnv: env.NODE_ENV,
  logLevel: env.LOG_LEVEL,
  redisUrl: env.REDIS_URL,
  queuePrefix: env.QUEUE_PREFIX,
  broker: {
    address: env.TOKEN_BROKER_URL.trim(),
    deadlineMs: env.TOKEN_BROKER_TIMEOUT_SECONDS * 1000,
    callerKey: env.TOKEN_BROKER_CALLER_KEY,
    tls:
      env.TOKEN_BROKER_TLS_CA_FILE && env.TOKEN_BROKER_TLS_CERT_FILE && env.TOKEN_BROKER_TLS_KEY_FILE
        ? {
            caFile: env.TOKEN_BROKER_TLS_CA_FILE,
            certFile: env.TOKEN_BROKER_TLS_CERT_FILE,
            keyFile: env.TOKEN_BROKER_TLS_KEY_FILE,
          }
        : undefined,
  },
  nextcloudUrl: env.NEXTCLOUD_URL,
  nextcloudTimeoutMs: env.NEXTCLOUD_TIMEOUT_SECONDS * 1000,
  syncIntervalMs: env.SYNC_INTERVAL_SECONDS * 1000,
  concurrency: env.WORKER_CONCURRENCY,
  index: { dataDir: env.INDEX_DATA_DIR, databaseUrl: env.DATABASE_URL },
  admin: { host: env.WORKER_ADMIN_HOST, port: env.WORKER_ADMIN_PORT },
  dashboard:
    env.WORKER_DASHBOARD_USER && env.WORKER_DASHBOARD_PASSWORD
      ? { user: env.WORKER_DASHBOARD_USER, password: env.WORKER_DASHBOARD_PASSWORD }
      : undefined,
}));

/** The background worker's configuration, parsed from its environment. */
export type WorkerEnv = z.output<typeof schema>;

/** Parses the environment; throws ConfigError naming every offending variable (never a value). */
export function loadWorkerEnv(source: EnvSource = process.env): WorkerEnv {
  return parseEnv(schema, source, crossFieldIssues);
}
