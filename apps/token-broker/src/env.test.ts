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

function variablesNamed(source: Record<string, string>): string[] {
  try {
    loadBrokerEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return [...new Set(error.issues.map((issue) => issue.variable))].sort();
    throw error;
  }
  return [];
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

  // Every cross-field rule: the variables the ConfigError must name, or [] for a valid combination.
  const { BROKER_CALLER_KEYS: _unused, ...withoutKeys } = base;
  const { BROKER_TLS_CERT_FILE: cert, BROKER_TLS_KEY_FILE: key, BROKER_TLS_CLIENT_CA_FILE: clientCa } = tls;
  it.each<[string, Record<string, string>, string[]]>([
    ['caller keys, no TLS', base, []],
    ['the whole TLS trio, no keys', { ...withoutKeys, ...tls }, []],
    ['the TLS trio and keys (keys are then ignored, with a warning)', { ...base, ...tls }, []],
    ['neither keys nor TLS', withoutKeys, ['BROKER_CALLER_KEYS']],
    [
      'keys and only the certificate',
      { ...base, BROKER_TLS_CERT_FILE: cert },
      ['BROKER_TLS_CLIENT_CA_FILE', 'BROKER_TLS_KEY_FILE'],
    ],
    [
      'keys and only the client CA',
      { ...base, BROKER_TLS_CLIENT_CA_FILE: clientCa },
      ['BROKER_TLS_CERT_FILE', 'BROKER_TLS_KEY_FILE'],
    ],
    [
      'certificate and key without the client CA, and no keys',
      { ...withoutKeys, BROKER_TLS_CERT_FILE: cert, BROKER_TLS_KEY_FILE: key },
      ['BROKER_CALLER_KEYS', 'BROKER_TLS_CLIENT_CA_FILE'],
    ],
    ['progressive consent by default without a vault key (checked when first used)', base, []],
    [
      'progressive consent asked for explicitly without a key or public URL',
      { ...base, ENABLE_PROGRESSIVE_CONSENT: 'true' },
      ['MCP_PUBLIC_URL', 'TOKEN_ENCRYPTION_KEYS'],
    ],
    [
      'progressive consent asked for explicitly with a malformed key',
      {
        ...base,
        ENABLE_PROGRESSIVE_CONSENT: 'true',
        MCP_PUBLIC_URL: 'http://mcp:3000',
        TOKEN_ENCRYPTION_KEYS: 'k1:short',
      },
      ['TOKEN_ENCRYPTION_KEYS'],
    ],
    [
      'progressive consent asked for explicitly with a key and public URL',
      {
        ...base,
        ENABLE_PROGRESSIVE_CONSENT: 'true',
        MCP_PUBLIC_URL: 'http://mcp:3000',
        TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      },
      [],
    ],
    [
      'background scopes naming offline_access',
      { ...base, BACKGROUND_SCOPES: 'notes.read offline_access' },
      ['BACKGROUND_SCOPES'],
    ],
    ['a DATABASE_URL that is not PostgreSQL', { ...base, DATABASE_URL: 'mysql://db/x' }, ['DATABASE_URL']],
  ])('cross-field rules: %s', (_name, source, expected) => {
    if (expected.length === 0) expect(() => loadBrokerEnv(source)).not.toThrow();
    else expect(variablesNamed(source)).toEqual(expected);
  });

  it('says which variables a partial TLS trio lacks, without naming the one that is set as missing', () => {
    const message = problems({ ...base, BROKER_TLS_CERT_FILE: cert });
    expect(message).toMatch(/BROKER_TLS_KEY_FILE: is required when BROKER_TLS_CERT_FILE is set/);
    expect(message).not.toContain('BROKER_TLS_CERT_FILE:');
  });

  it('reports broken fields and broken cross-field rules in one round', () => {
    const { OIDC_ISSUER: _issuer, ...withoutIssuer } = withoutKeys;
    expect(variablesNamed({ ...withoutIssuer, BROKER_PORT: 'eighty' })).toEqual([
      'BROKER_CALLER_KEYS',
      'BROKER_PORT',
      'OIDC_ISSUER',
    ]);
  });

  it('uses the mTLS trio when keys are absent', () => {
    expect(loadBrokerEnv({ ...withoutKeys, ...tls }).tls).toEqual({
      certFile: '/tls/server.crt',
      keyFile: '/tls/server.key',
      clientCaFile: '/tls/ca.crt',
    });
  });

  it('derives the MCP resource from MCP_PUBLIC_URL as the MCP server does, and has none without it', () => {
    expect(loadBrokerEnv({ ...base, MCP_PUBLIC_URL: 'https://mcp.example.com/' }).mcpResource).toBe(
      'https://mcp.example.com/mcp',
    );
    expect(loadBrokerEnv(base).mcpResource).toBeUndefined();
    expect(variablesNamed({ ...base, MCP_PUBLIC_URL: 'mcp.example.com' })).toEqual(['MCP_PUBLIC_URL']);
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

  it('reads the progressive-consent and vault settings', () => {
    const env = loadBrokerEnv({
      ...base,
      MCP_PUBLIC_URL: 'https://mcp.example.com',
      BACKGROUND_SCOPES: 'notes.read, files.read notes.read',
      DATABASE_URL: 'postgres://vault@db/vault',
      TOKEN_ENCRYPTION_KEYS: 'raw-is-kept-for-the-vault',
    });
    expect(env.progressiveConsent).toEqual({
      mode: 'default-on',
      backgroundScopes: ['notes.read', 'files.read'],
    });
    expect(env.provisioningRedirectUri).toBe('https://mcp.example.com/oauth/provision/callback');
    expect(env.vault).toEqual({
      dataDir: './data/broker',
      databaseUrl: 'postgres://vault@db/vault',
      encryptionKeys: 'raw-is-kept-for-the-vault',
    });
    expect(loadBrokerEnv({ ...base, ENABLE_PROGRESSIVE_CONSENT: 'false' }).progressiveConsent.mode).toBe(
      'off',
    );
    expect(loadBrokerEnv(base).progressiveConsent.backgroundScopes).toEqual([
      'notes.read',
      'files.read',
      'calendar.read',
      'contacts.read',
    ]);
  });

  it('never echoes an encryption key in its errors', () => {
    const secret = 'k1:c2VjcmV0LWJ1dC10b28tc2hvcnQ=';
    expect(
      problems({ ...base, ENABLE_PROGRESSIVE_CONSENT: 'true', TOKEN_ENCRYPTION_KEYS: secret }),
    ).not.toContain('c2VjcmV0');
  });
});
