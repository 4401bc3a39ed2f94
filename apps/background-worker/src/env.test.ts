import { ConfigError } from '@nc-mcp/config';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnv, WORKER_ENV_VARIABLES, WORKER_REQUIRED_VARIABLES } from './env.js';

const CALLER_KEY = 'worker-caller-key-0123456789';
const base = {
  TOKEN_BROKER_URL: '127.0.0.1:50051',
  TOKEN_BROKER_CALLER_KEY: CALLER_KEY,
  NEXTCLOUD_URL: 'https://cloud.example.test/',
};
const tls = {
  TOKEN_BROKER_TLS_CA_FILE: '/tls/ca.crt',
  TOKEN_BROKER_TLS_CERT_FILE: '/tls/worker.crt',
  TOKEN_BROKER_TLS_KEY_FILE: '/tls/worker.key',
};

function issues(source: Record<string, string>): ConfigError {
  try {
    loadWorkerEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('background-worker env', () => {
  it('applies the documented defaults', () => {
    expect(loadWorkerEnv(base)).toEqual({
      nodeEnv: 'development',
      logLevel: 'info',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'ncmcp',
      broker: { address: '127.0.0.1:50051', deadlineMs: 10_000, callerKey: CALLER_KEY, tls: undefined },
      nextcloudUrl: 'https://cloud.example.test',
      nextcloudTimeoutMs: 30_000,
      syncIntervalMs: 900_000,
      concurrency: 4,
      index: { dataDir: './data/index', databaseUrl: undefined },
      admin: { host: '127.0.0.1', port: 9464 },
      dashboard: undefined,
    });
  });

  it('lists its variables and the required ones', () => {
    expect(WORKER_REQUIRED_VARIABLES).toEqual(['TOKEN_BROKER_URL', 'NEXTCLOUD_URL']);
    for (const name of [
      ...WORKER_REQUIRED_VARIABLES,
      'TOKEN_BROKER_CALLER_KEY',
      'REDIS_URL',
      'DATABASE_URL',
    ]) {
      expect(WORKER_ENV_VARIABLES).toContain(name);
    }
  });

  it('takes mTLS instead of a caller key, and a PostgreSQL index and the dashboard when asked', () => {
    const env = loadWorkerEnv({
      ...base,
      TOKEN_BROKER_CALLER_KEY: '',
      ...tls,
      DATABASE_URL: 'postgres://index@db:5432/ncmcp',
      WORKER_DASHBOARD_USER: 'ops',
      WORKER_DASHBOARD_PASSWORD: 'correct-horse-battery',
      SYNC_INTERVAL_SECONDS: '300',
    });
    expect(env.broker).toEqual({
      address: '127.0.0.1:50051',
      deadlineMs: 10_000,
      callerKey: undefined,
      tls: { caFile: '/tls/ca.crt', certFile: '/tls/worker.crt', keyFile: '/tls/worker.key' },
    });
    expect(env.index.databaseUrl).toBe('postgres://index@db:5432/ncmcp');
    expect(env.dashboard).toEqual({ user: 'ops', password: 'correct-horse-battery' });
    expect(env.syncIntervalMs).toBe(300_000);
  });

  // Each row: the environment, then every variable the error must name.
  const rules: [string, Record<string, string>, string[]][] = [
    ['the required variables', {}, ['NEXTCLOUD_URL', 'TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_URL']],
    [
      'a caller key or the whole TLS trio',
      { ...base, TOKEN_BROKER_CALLER_KEY: '' },
      ['TOKEN_BROKER_CALLER_KEY'],
    ],
    [
      'the TLS trio all or none',
      { ...base, TOKEN_BROKER_TLS_CA_FILE: '/tls/ca.crt' },
      ['TOKEN_BROKER_TLS_CERT_FILE', 'TOKEN_BROKER_TLS_KEY_FILE'],
    ],
    ['a short caller key', { ...base, TOKEN_BROKER_CALLER_KEY: 'short' }, ['TOKEN_BROKER_CALLER_KEY']],
    ['a broker address without a port', { ...base, TOKEN_BROKER_URL: 'http://broker' }, ['TOKEN_BROKER_URL']],
    ['a queue prefix with a colon', { ...base, QUEUE_PREFIX: 'nc:mcp' }, ['QUEUE_PREFIX']],
    [
      'a broker timeout of zero',
      { ...base, TOKEN_BROKER_TIMEOUT_SECONDS: '0' },
      ['TOKEN_BROKER_TIMEOUT_SECONDS'],
    ],
    ['a Redis URL of another scheme', { ...base, REDIS_URL: 'http://127.0.0.1:6379' }, ['REDIS_URL']],
    ['a relative Nextcloud URL', { ...base, NEXTCLOUD_URL: 'cloud.example.test' }, ['NEXTCLOUD_URL']],
    ['a DATABASE_URL that is not PostgreSQL', { ...base, DATABASE_URL: 'mysql://db/x' }, ['DATABASE_URL']],
    ['an interval under a minute', { ...base, SYNC_INTERVAL_SECONDS: '5' }, ['SYNC_INTERVAL_SECONDS']],
    ['a concurrency of zero', { ...base, WORKER_CONCURRENCY: '0' }, ['WORKER_CONCURRENCY']],
    ['a fractional timeout', { ...base, NEXTCLOUD_TIMEOUT_SECONDS: '1.5' }, ['NEXTCLOUD_TIMEOUT_SECONDS']],
    ['an admin port out of range', { ...base, WORKER_ADMIN_PORT: '70000' }, ['WORKER_ADMIN_PORT']],
    ['a log level pino does not know', { ...base, LOG_LEVEL: 'loud' }, ['LOG_LEVEL']],
    [
      'both dashboard variables or neither',
      { ...base, WORKER_DASHBOARD_USER: 'ops' },
      ['WORKER_DASHBOARD_PASSWORD'],
    ],
    [
      'a short dashboard password',
      { ...base, WORKER_DASHBOARD_USER: 'ops', WORKER_DASHBOARD_PASSWORD: 'hunter2' },
      ['WORKER_DASHBOARD_PASSWORD'],
    ],
  ];

  it.each(rules)('refuses to start without %s, naming the variables', (_rule, source, named) => {
    const error = issues(source);
    expect([...new Set(error.issues.map((issue) => issue.variable))].sort()).toEqual(named.sort());
  });

  it('never echoes a secret in its messages', () => {
    const error = issues({
      ...base,
      TOKEN_BROKER_CALLER_KEY: 'short-secret',
      WORKER_DASHBOARD_USER: 'ops',
      WORKER_DASHBOARD_PASSWORD: 'pw-secret',
      DATABASE_URL: 'mysql://user:db-secret@db/x',
    });
    expect(error.message).not.toMatch(/short-secret|pw-secret|db-secret/);
  });
});
