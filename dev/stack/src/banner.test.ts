import { describe, expect, it } from 'vitest';
import { devOnlyNotice, readyBanner } from './banner.js';
import { loadDevStackEnv } from './env.js';

describe('dev stack', () => {
  it('prints the MCP URL, a client configuration snippet and the dev users when the dev IdP runs', () => {
    const text = readyBanner({
      mcpUrl: 'http://127.0.0.1:3000/mcp',
      issuer: 'http://127.0.0.1:9090',
      nextcloudUrl: 'http://127.0.0.1:8081',
      devIdp: true,
      devNextcloud: true,
      mode: 'exchange',
    });
    expect(text).toContain('http://127.0.0.1:3000/mcp');
    expect(text).toContain('"url": "http://127.0.0.1:3000/mcp"');
    expect(text).toContain('alice / alice');
    expect(text).toContain('[TEST DOUBLE]');
    expect(text).toContain('Token mode     exchange');
  });

  it('says loudly which variable is unset and that the stand-in is dev-only', () => {
    expect(devOnlyNotice('dev IdP', 'http://127.0.0.1:9090', 'OIDC_ISSUER')).toMatch(
      /OIDC_ISSUER is not set[\s\S]*never use it in production/,
    );
  });

  it('defaults the ports and names a bad one', () => {
    expect(loadDevStackEnv({})).toMatchObject({
      MCP_PORT: 3000,
      DEV_IDP_PORT: 9090,
      DEV_NEXTCLOUD_PORT: 8081,
    });
    expect(() => loadDevStackEnv({ DEV_IDP_PORT: 'abc' })).toThrow(/DEV_IDP_PORT/);
  });

  it('needs the broker client credentials when exchange mode uses a real IdP', () => {
    expect(() =>
      loadDevStackEnv({ ENABLE_TOKEN_EXCHANGE: 'true', OIDC_ISSUER: 'https://idp.example' }),
    ).toThrow(/BROKER_CLIENT_ID/);
    expect(loadDevStackEnv({ ENABLE_TOKEN_EXCHANGE: 'true' }).ENABLE_TOKEN_EXCHANGE).toBe(true);
  });
});
