import { ConfigError } from '@nc-mcp/config';
import { describe, expect, it } from 'vitest';
import { BROKER_ENV_VARIABLES, BROKER_REQUIRED_VARIABLES, loadBrokerEnv } from './env.js';

const MCP_KEY = 'k'.repeat(16);
const base = {
  OIDC_ISSUER: 'http://127.0.0.1:9090/',
  BROKER_CLIENT_ID: 'token-broker',
  BROKER_CLIENT_SECRET: 'broker-secret-value',
  BROKER_CALLER_KEYS: `mcp-server=${MCP_KEY}`,
};
const tls = {
  BROKER_TLS_CERT_FILE: '/tls/server.crt',
  BROKER_TLS_KEY_FILE: '/tls/server.key',
  BROKER_TLS_CLIENT_CA_FILE: '/tls/ca.crt',
};

function problems(source: Record<string, string>): string {
  try {
    loadBrokerEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('token-broker env', () => {
  it('applies the documented defaults', () => {
    const env = loadBrokerEnv(base);
    expect(env).toMatchObject({
      nodeEnv: 'development',
      logLevel: 'info',
      host: '127.0.0.1',
      port: 50051,
      issuer: 'http://127.0.0.1:9090',
      subjectAudiences: ['mcp-server'],
      nextcloudAudience: 'nextcloud',
      tls: undefined,
      idpTimeoutMs: 5000,
      cacheTtlSeconds: 0,
    });
    expect([...env.callerKeys]).toEqual([['mcp-server', MCP_KEY]]);
  });

  it('accepts subject tokens for mcp-server and the configured MCP client id', () => {
    expect(loadBrokerEnv({ ...base, MCP_CLIENT_ID: 'nc-mcp' }).subjectAudiences).toEqual([
      'mcp-server',
      'nc-mcp',
    ]);
  });

  it('lists every variable it reads, the required ones among them', () => {
    expect(BROKER_ENV_VARIABLES).toContain('TOKEN_EXCHANGE_CACHE_TTL_SECONDS');
    expect(BROKER_ENV_VARIABLES).toContain('BROKER_TLS_CLIENT_CA_FILE');
    for (const name of BROKER_REQUIRED_VARIABLES) expect(BROKER_ENV_VARIABLES).toContain(name);
  });

  it('names every missing required variable', () => {
    const message = problems({ BROKER_CALLER_KEYS: `mcp-server=${MCP_KEY}` });
    for (const name of BROKER_REQUIRED_VARIABLES) expect(message).toContain(`${name}: is required`);
  });

  it('refuses to start when no caller could ever authenticate', () => {
    const { BROKER_CALLER_KEYS: _unused, ...withoutKeys } = base;
    expect(problems(withoutKeys)).toMatch(/BROKER_CALLER_KEYS: is required unless BROKER_TLS_/);
    expect(loadBrokerEnv({ ...withoutKeys, ...tls }).tls).toEqual({
      certFile: '/tls/server.crt',
      keyFile: '/tls/server.key',
      clientCaFile: '/tls/ca.crt',
    });
  });

  it('requires all three TLS files or none, naming each missing one', () => {
    const message = problems({ ...base, BROKER_TLS_CERT_FILE: '/tls/server.crt' });
    expect(message).toContain('BROKER_TLS_KEY_FILE: is required when any BROKER_TLS_* is set');
    expect(message).toContain('BROKER_TLS_CLIENT_CA_FILE: is required when any BROKER_TLS_* is set');
    expect(message).not.toContain('BROKER_TLS_CERT_FILE:');
  });

  it.each([
    ['an unknown caller', 'nextcloud=0123456789abcdef0123'],
    ['a short key', 'mcp-server=short-secret'],
    ['an entry without a name', 'bare-secret-0123456789'],
    ['a repeated caller', `mcp-server=${MCP_KEY},mcp-server=other-secret-0123456`],
  ])('rejects BROKER_CALLER_KEYS with %s, naming the variable and never a key', (_name, value) => {
    const message = problems({ ...base, BROKER_CALLER_KEYS: value });
    expect(message).toContain('BROKER_CALLER_KEYS:');
    for (const secret of ['0123456789abcdef0123', 'short-secret', 'bare-secret', 'other-secret', MCP_KEY]) {
      expect(message).not.toContain(secret);
    }
  });

  it('parses keys for both callers, tolerating spaces and = inside a key', () => {
    const env = loadBrokerEnv({
      ...base,
      BROKER_CALLER_KEYS: ' mcp-server = abcdefghijklmnop== , background-worker=0123456789abcdefXY ',
    });
    expect(env.callerKeys.get('mcp-server')).toBe('abcdefghijklmnop==');
    expect(env.callerKeys.get('background-worker')).toBe('0123456789abcdefXY');
  });

  it('never echoes the client secret', () => {
    expect(problems({ ...base, BROKER_PORT: 'eighty' })).not.toContain('broker-secret-value');
  });

  it('bounds the IdP timeout and the cache TTL', () => {
    expect(problems({ ...base, OIDC_TIMEOUT_SECONDS: '0' })).toContain('OIDC_TIMEOUT_SECONDS');
    expect(problems({ ...base, TOKEN_EXCHANGE_CACHE_TTL_SECONDS: '-1' })).toContain(
      'TOKEN_EXCHANGE_CACHE_TTL_SECONDS',
    );
    expect(loadBrokerEnv({ ...base, TOKEN_EXCHANGE_CACHE_TTL_SECONDS: '60' }).cacheTtlSeconds).toBe(60);
  });
});
