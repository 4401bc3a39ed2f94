import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../server.js';
import { type Challenge, sendChallenge } from './challenge.js';

const context = {
  resourceMetadataUrl: 'https://mcp.example/.well-known/oauth-protected-resource/mcp',
  defaultScopes: ['a', 'b'],
};

describe('sendChallenge', () => {
  let server: RunningServer;
  let challenge: Challenge = { kind: 'no_token' };

  beforeAll(async () => {
    const app = express();
    app.get('/', (_req, res) => sendChallenge(res, challenge, context));
    server = await listen(app, 0, '127.0.0.1');
  });
  afterAll(() => server.close());

  async function get() {
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    return { status: response.status, header: response.headers.get('www-authenticate') ?? '' };
  }

  it('answers an IdP outage with 503, Retry-After and no Bearer challenge', async () => {
    challenge = { kind: 'temporarily_unavailable', description: 'IdP down', retryAfterSeconds: 7 };
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'IdP down',
    });
  });

  it('omits the error code when no token was presented (RFC 6750 §3.1)', async () => {
    challenge = { kind: 'no_token' };
    expect(await get()).toEqual({
      status: 401,
      header: `Bearer resource_metadata="${context.resourceMetadataUrl}", scope="a b"`,
    });
  });

  it('adds invalid_token for a bad token', async () => {
    challenge = { kind: 'invalid_token', description: 'bad "token"' };
    const { status, header } = await get();
    expect(status).toBe(401);
    expect(header).toMatch(/^Bearer error="invalid_token", resource_metadata=/);
    expect(header).toContain('error_description="bad  token "');
  });

  it('answers insufficient_scope with 403 and the scopes to ask for', async () => {
    challenge = { kind: 'insufficient_scope', scope: ['a', 'c'], description: 'needs c' };
    const { status, header } = await get();
    expect(status).toBe(403);
    expect(header).toContain('error="insufficient_scope"');
    expect(header).toContain('scope="a c"');
  });
});
