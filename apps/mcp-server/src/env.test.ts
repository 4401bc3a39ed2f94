import { ConfigError } from '@nc-mcp/config';
import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';
import { FAMILY_NAMES } from './tools/families.js';

// Progressive consent needs a broker; most rules here are about other things, so it is off in `base`.
const base = {
  OIDC_ISSUER: 'http://127.0.0.1:9090',
  NEXTCLOUD_URL: 'http://127.0.0.1:8081/',
  ENABLE_PROGRESSIVE_CONSENT: 'false',
};

describe('mcp-server env', () => {
  it('derives the canonical resource, hosts, origins and audiences from defaults', () => {
    const env = loadEnv(base);
    expect(env.resource).toBe('http://127.0.0.1:3000/mcp');
    expect(env.nextcloudUrl).toBe('http://127.0.0.1:8081');
    // A loopback public URL is also reachable as localhost and [::1] on the same port.
    expect(env.resourceAliases).toEqual(['http://localhost:3000/mcp', 'http://[::1]:3000/mcp']);
    expect(env.allowedHosts).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(env.allowedOrigins).toEqual([
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://[::1]:3000',
    ]);
    expect(env.audiences).toEqual([
      'mcp-server',
      'http://127.0.0.1:3000/mcp',
      'http://localhost:3000/mcp',
      'http://[::1]:3000/mcp',
    ]);
    expect(env.demoClientEnabled).toBe(true);
    expect(env.acceptDynamicClients).toBe(false);
  });

  it('uses MCP_PUBLIC_URL as the canonical URL and adds the configured audiences', () => {
    const env = loadEnv({
      ...base,
      MCP_PUBLIC_URL: 'https://mcp.example.com/',
      MCP_CLIENT_ID: 'nc-mcp',
      MCP_TOKEN_AUDIENCES: 'extra-aud',
      MCP_ALLOWED_HOSTS: 'mcp-server',
    });
    expect(env.resource).toBe('https://mcp.example.com/mcp');
    expect(env.resourceAliases).toEqual([]);
    expect(env.audiences).toEqual(['mcp-server', 'nc-mcp', 'https://mcp.example.com/mcp', 'extra-aud']);
    expect(env.allowedHosts).toEqual(['mcp.example.com', 'mcp-server']);
  });

  it('turns the demo client off by default in production', () => {
    expect(loadEnv({ ...base, NODE_ENV: 'production' }).demoClientEnabled).toBe(false);
    expect(
      loadEnv({ ...base, NODE_ENV: 'production', MCP_DEMO_CLIENT_ENABLED: 'true' }).demoClientEnabled,
    ).toBe(true);
  });

  it('names every missing or malformed variable', () => {
    expect(() => loadEnv({})).toThrow(/OIDC_ISSUER: is required[\s\S]*NEXTCLOUD_URL: is required/);
    expect(() => loadEnv({ ...base, MCP_PORT: 'eighty' })).toThrow(/MCP_PORT/);
    expect(() => loadEnv({ ...base, OIDC_INTROSPECTION_CLIENT_ID: 'x' })).toThrow(
      /OIDC_INTROSPECTION_CLIENT_SECRET/,
    );
    expect(() => loadEnv({ ...base, MCP_DEMO_CLIENT_ENABLED: 'yes' })).toThrow(/MCP_DEMO_CLIENT_ENABLED/);
  });

  it('offers every family and disables no tool by default, and reads MCP_TOOLSETS and MCP_DISABLED_TOOLS', () => {
    expect(loadEnv(base).toolSelection).toEqual({ toolsets: FAMILY_NAMES, disabledTools: [] });
    expect(
      loadEnv({ ...base, MCP_TOOLSETS: ' notes ,notes', MCP_DISABLED_TOOLS: 'nc_notes_delete' })
        .toolSelection,
    ).toEqual({ toolsets: ['notes'], disabledTools: ['nc_notes_delete'] });
  });

  it('refuses an unknown family or tool name rather than offer everything, without echoing it', () => {
    const attempt = () =>
      loadEnv({ ...base, MCP_TOOLSETS: 'notes,nots', MCP_DISABLED_TOOLS: 'nc_notes_dlete' });
    expect(attempt).toThrow(
      /MCP_TOOLSETS: names 1 unknown family[\s\S]*MCP_DISABLED_TOOLS: names 1 unknown tool/,
    );
    expect(attempt).toThrow(/^(?![\s\S]*(nots|dlete))/);
  });

  it('never echoes a secret value in its errors', () => {
    expect(() => loadEnv({ ...base, OIDC_INTROSPECTION_CLIENT_SECRET: 'hunter2-secret' })).toThrow(
      /^(?![\s\S]*hunter2-secret)/,
    );
  });
});

describe('mcp-server env: cross-field rules', () => {
  const KEY = 'caller-key-0123456789';
  const exchange = { ENABLE_TOKEN_EXCHANGE: 'true', TOKEN_BROKER_URL: '127.0.0.1:50051' };
  const tls = {
    TOKEN_BROKER_TLS_CA_FILE: '/tls/ca.crt',
    TOKEN_BROKER_TLS_CERT_FILE: '/tls/mcp.crt',
    TOKEN_BROKER_TLS_KEY_FILE: '/tls/mcp.key',
  };
  const variablesNamed = (source: Record<string, string>): string[] => {
    try {
      loadEnv(source);
    } catch (error) {
      if (error instanceof ConfigError) return [...new Set(error.issues.map((i) => i.variable))].sort();
      throw error;
    }
    return [];
  };

  // Input → the variables the ConfigError must name ([] = a valid combination that starts).
  it.each<[string, Record<string, string>, string[]]>([
    ['pass-through, nothing else', base, []],
    [
      'progressive consent on by default without a broker',
      { OIDC_ISSUER: base.OIDC_ISSUER, NEXTCLOUD_URL: base.NEXTCLOUD_URL },
      ['TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_URL'],
    ],
    [
      'progressive consent (default) with a broker and a caller key',
      {
        OIDC_ISSUER: base.OIDC_ISSUER,
        NEXTCLOUD_URL: base.NEXTCLOUD_URL,
        TOKEN_BROKER_URL: '127.0.0.1:50051',
        TOKEN_BROKER_CALLER_KEY: KEY,
      },
      [],
    ],
    [
      'progressive consent set to true without a broker',
      { ...base, ENABLE_PROGRESSIVE_CONSENT: 'true' },
      ['TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_URL'],
    ],
    ['exchange with a broker and a caller key', { ...base, ...exchange, TOKEN_BROKER_CALLER_KEY: KEY }, []],
    ['exchange with a broker and the mTLS trio', { ...base, ...exchange, ...tls }, []],
    [
      'exchange without a broker address',
      { ...base, ENABLE_TOKEN_EXCHANGE: 'true', TOKEN_BROKER_CALLER_KEY: KEY },
      ['TOKEN_BROKER_URL'],
    ],
    ['exchange with neither caller key nor mTLS', { ...base, ...exchange }, ['TOKEN_BROKER_CALLER_KEY']],
    [
      'exchange with nothing at all',
      { ...base, ENABLE_TOKEN_EXCHANGE: '1' },
      ['TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_URL'],
    ],
    [
      'exchange with a key and only the CA file',
      { ...base, ...exchange, TOKEN_BROKER_CALLER_KEY: KEY, TOKEN_BROKER_TLS_CA_FILE: '/tls/ca.crt' },
      ['TOKEN_BROKER_TLS_CERT_FILE', 'TOKEN_BROKER_TLS_KEY_FILE'],
    ],
    [
      'exchange with certificate and key but no CA, and no caller key',
      {
        ...base,
        ...exchange,
        TOKEN_BROKER_TLS_CERT_FILE: '/tls/mcp.crt',
        TOKEN_BROKER_TLS_KEY_FILE: '/tls/mcp.key',
      },
      ['TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_TLS_CA_FILE'],
    ],
    [
      'pass-through with broker settings (ignored, with a warning)',
      { ...base, TOKEN_BROKER_URL: 'x:1', TOKEN_BROKER_TLS_CA_FILE: '/tls/ca.crt' },
      [],
    ],
    [
      'only the introspection client id',
      { ...base, OIDC_INTROSPECTION_CLIENT_ID: 'x' },
      ['OIDC_INTROSPECTION_CLIENT_SECRET'],
    ],
    [
      'only the introspection secret',
      { ...base, OIDC_INTROSPECTION_CLIENT_SECRET: 's' },
      ['OIDC_INTROSPECTION_CLIENT_ID'],
    ],
    [
      'an introspection endpoint without credentials',
      { ...base, OIDC_INTROSPECTION_ENDPOINT: 'http://127.0.0.1:9090/introspect' },
      ['OIDC_INTROSPECTION_CLIENT_ID', 'OIDC_INTROSPECTION_CLIENT_SECRET'],
    ],
    [
      'introspection endpoint and both credentials',
      {
        ...base,
        OIDC_INTROSPECTION_ENDPOINT: 'http://127.0.0.1:9090/introspect',
        OIDC_INTROSPECTION_CLIENT_ID: 'x',
        OIDC_INTROSPECTION_CLIENT_SECRET: 's',
      },
      [],
    ],
    [
      'known toolsets and disabled tools',
      { ...base, MCP_TOOLSETS: 'notes', MCP_DISABLED_TOOLS: 'nc_notes_get' },
      [],
    ],
    ['MCP_TOOLSETS naming an unknown family', { ...base, MCP_TOOLSETS: 'notes,agenda' }, ['MCP_TOOLSETS']],
    ['MCP_TOOLSETS set to separators only', { ...base, MCP_TOOLSETS: ' , ' }, ['MCP_TOOLSETS']],
    [
      'MCP_DISABLED_TOOLS naming an unknown tool',
      { ...base, MCP_DISABLED_TOOLS: 'nc_notes_nope' },
      ['MCP_DISABLED_TOOLS'],
    ],
  ])('%s', (_name, source, expected) => {
    expect(variablesNamed(source)).toEqual(expected);
  });

  it('never runs as pass-through when exchange mode is asked for', () => {
    const env = loadEnv({ ...base, ...exchange, TOKEN_BROKER_CALLER_KEY: KEY });
    expect(env.tokenExchange).toBe(true);
    expect(env.broker).toMatchObject({ brokerUrl: '127.0.0.1:50051', callerKey: KEY, tls: undefined });
    expect(loadEnv({ ...base, ...exchange, ...tls }).broker?.tls).toEqual({
      caFile: '/tls/ca.crt',
      certFile: '/tls/mcp.crt',
      keyFile: '/tls/mcp.key',
    });
  });

  it('lists broker settings that pass-through mode ignores, and none in exchange mode', () => {
    const source = { ...base, TOKEN_BROKER_URL: 'x:1', TOKEN_BROKER_CALLER_KEY: KEY };
    expect(loadEnv(source).ignoredVariables).toEqual(['TOKEN_BROKER_URL', 'TOKEN_BROKER_CALLER_KEY']);
    expect(loadEnv(source).tokenExchange).toBe(false);
    expect(loadEnv(source).broker).toBeUndefined();
    expect(loadEnv({ ...source, ENABLE_TOKEN_EXCHANGE: 'true' }).ignoredVariables).toEqual([]);
    expect(loadEnv({ ...source, ENABLE_PROGRESSIVE_CONSENT: 'true' }).ignoredVariables).toEqual([]);
  });

  it('names both variables when progressive consent is on by default and no broker is set', () => {
    expect(() => loadEnv({ OIDC_ISSUER: base.OIDC_ISSUER, NEXTCLOUD_URL: base.NEXTCLOUD_URL })).toThrow(
      /TOKEN_BROKER_URL: is required when ENABLE_PROGRESSIVE_CONSENT is on \(the default; set it to false/,
    );
  });

  it('reports broken fields and broken cross-field rules in one round', () => {
    expect(
      variablesNamed({
        NEXTCLOUD_URL: base.NEXTCLOUD_URL,
        MCP_PORT: 'eighty',
        ENABLE_TOKEN_EXCHANGE: 'true',
      }),
    ).toEqual(['MCP_PORT', 'OIDC_ISSUER', 'TOKEN_BROKER_CALLER_KEY', 'TOKEN_BROKER_URL']);
  });

  it('refuses a caller key the broker would refuse, and HS*/none algorithms, without echoing them', () => {
    const error = (() => {
      try {
        loadEnv({
          ...base,
          ...exchange,
          TOKEN_BROKER_CALLER_KEY: 'short-key',
          OIDC_ALGORITHMS: 'RS256,HS256',
        });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'OIDC_ALGORITHMS',
      'TOKEN_BROKER_CALLER_KEY',
    ]);
    expect(error.message).not.toContain('short-key');
  });
});
