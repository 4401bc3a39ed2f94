import { createClientRegistry } from '@nc-mcp/client-registry';
import { closedPort, startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness } from './testing/verifierHarness.js';
import { TokenVerificationError } from './tokenVerificationError.js';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer();
});
afterAll(() => idp.close());

describe('client registry', () => {
  it('rejects a token from an unregistered client', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ azp: 'rogue-client' }), 'unknown_client');
  });

  it('accepts an unregistered client with all its scopes when dynamic clients are accepted', async () => {
    const { verifier } = harness(idp.issuer, {
      clientRegistry: createClientRegistry({ acceptDynamicClients: true }),
    });
    const info = await verifier.verifyAccessToken(
      await idp.sign({ azp: 'dcr-123', scope: 'notes.read files.write' }),
    );
    expect(info.clientId).toBe('dcr-123');
    expect(info.scopes).toEqual(['notes.read', 'files.write']);
  });

  it('drops scopes beyond what the registered client may use, and logs the drop without the token', async () => {
    const { verifier, logs } = harness(idp.issuer, {
      clientRegistry: createClientRegistry({ acceptDynamicClients: true }),
    });
    const token = await idp.sign({ scope: 'openid notes.read files.write tables.write deck.write' });
    const info = await verifier.verifyAccessToken(token);
    expect(info.scopes).toEqual(['openid', 'notes.read', 'files.write']);
    const drop = logs.records().find((record) => Array.isArray(record.droppedScopes));
    expect(drop).toMatchObject({
      level: 30,
      clientId: 'nc-mcp-demo',
      droppedScopes: ['tables.write', 'deck.write'],
    });
    expect(logs.text()).not.toContain(token);
  });
});

describe('limits and failures', () => {
  it('rejects an oversized token before any HTTP request', async () => {
    const fresh = await startTestIssuer();
    try {
      const { verifier, expectRejected } = harness(fresh.issuer);
      await expectRejected(await fresh.sign({ padding: 'x'.repeat(9 * 1024) }), 'token_too_large');
      expect(fresh.requests.total).toBe(0);
      // The same verifier does talk to the IdP for a normal token, so the zero above is meaningful.
      await verifier.verifyAccessToken(await fresh.sign());
      expect(fresh.requests.total).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it('rejects with TokenVerificationError and logs issuer_unreachable when the IdP is down', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const { expectRejected } = harness(issuer, { timeoutMs: 1000 });
    const error = await expectRejected(await idp.sign({ iss: issuer }), 'issuer_unreachable');
    expect(error.message).toBe('Token could not be verified');
    expect(error.code).toBe('issuer_unreachable');
    expect(error.retryable).toBe(true);
  });

  it('rejects with TokenVerificationError when the JWKS endpoint fails', async () => {
    const { expectRejected } = harness(idp.issuer);
    idp.jwksStatus = 503;
    try {
      await expectRejected(await idp.sign(), 'issuer_unreachable');
    } finally {
      idp.jwksStatus = undefined;
    }
  });

  it('rejects garbage without leaking the token or issuer, logging only reason codes', async () => {
    const { verifier, logs, reasons } = harness(idp.issuer);
    const tokens = [
      '',
      'not-a-jwt',
      'a.b.c',
      `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.sig`,
    ];
    for (const token of tokens) {
      const error = await verifier.verifyAccessToken(token).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TokenVerificationError);
      expect((error as Error).message).toBe('Invalid token');
    }
    // The last one is well-formed enough to reach the signature check.
    expect(reasons()).toEqual(['malformed', 'malformed', 'malformed', 'bad_signature']);
    for (const token of tokens.filter((t) => t.length > 3)) expect(logs.text()).not.toContain(token);
  });

  it('refuses a configuration with no audiences or only forbidden algorithms', () => {
    const registry = createClientRegistry();
    expect(() => harness(idp.issuer, { audiences: [], clientRegistry: registry })).toThrow(/audiences/);
    expect(() => harness(idp.issuer, { algorithms: ['none', 'HS256'] })).toThrow(/algorithm/);
  });
});
