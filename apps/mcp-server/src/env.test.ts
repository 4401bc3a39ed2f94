import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';

const base = { OIDC_ISSUER: 'http://127.0.0.1:9090', NEXTCLOUD_URL: 'http://127.0.0.1:8081/' };

describe('mcp-server env', () => {
  it('derives the canonical resource, hosts, origins and audiences from defaults', () => {
    const env = loadEnv(base);
    expect(env.resource).toBe('http://127.0.0.1:3000/mcp');
    expect(env.nextcloudUrl).toBe('http://127.0.0.1:8081');
    expect(env.allowedHosts).toEqual(['127.0.0.1']);
    expect(env.allowedOrigins).toEqual(['http://127.0.0.1:3000']);
    expect(env.audiences).toEqual(['mcp-server', 'http://127.0.0.1:3000/mcp']);
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

  it('never echoes a secret value in its errors', () => {
    expect(() => loadEnv({ ...base, OIDC_INTROSPECTION_CLIENT_SECRET: 'hunter2-secret' })).toThrow(
      /^(?![\s\S]*hunter2-secret)/,
    );
  });
});
