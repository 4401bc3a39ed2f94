import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { subjectOf } from './subject.js';
import { b64url, harness, RESOURCE } from './testing/verifierHarness.js';

let idp: TestIssuer;
beforeAll(async () => {
  idp = await startTestIssuer();
});
afterAll(() => idp.close());
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Math.floor(Date.now() / 1000);

describe('JWT access tokens', () => {
  it('accepts a good token and reports subject, scopes, client, expiry and resource', async () => {
    const { verifier, reasons } = harness(idp.issuer);
    const exp = now() + 600;
    const token = await idp.sign({ exp, scope: 'openid notes.read notes.write' });
    const info = await verifier.verifyAccessToken(token);
    expect(info).toMatchObject({ token, clientId: 'nc-mcp-demo', expiresAt: exp });
    expect(info.scopes).toEqual(['openid', 'notes.read', 'notes.write']);
    expect(info.resource?.href).toBe(RESOURCE);
    expect(subjectOf(info)).toEqual({
      subject: 'user-alice',
      username: 'alice',
      audience: ['mcp-server'],
      tokenType: 'jwt',
    });
    expect(reasons()).toEqual([]);
  });

  it('accepts a token if any one of its audiences is accepted, and reads scp arrays', async () => {
    const { verifier } = harness(idp.issuer);
    const token = await idp.sign({ aud: ['nextcloud', RESOURCE], scope: undefined, scp: ['notes.read'] });
    const info = await verifier.verifyAccessToken(token);
    expect(info.scopes).toEqual(['notes.read']);
    expect(subjectOf(info).audience).toEqual(['nextcloud', RESOURCE]);
  });

  it('takes the client from client_id when there is no azp', async () => {
    const { verifier } = harness(idp.issuer);
    const info = await verifier.verifyAccessToken(
      await idp.sign({ azp: undefined, client_id: 'nc-mcp-demo' }),
    );
    expect(info.clientId).toBe('nc-mcp-demo');
  });

  it('rejects a token whose audience is another service', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ aud: ['nextcloud', 'other-api'] }), 'wrong_audience');
  });

  it('rejects an ID token although its audience (the client id) is accepted', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ typ: 'ID' }), 'not_access_token');
    await expectRejected(await idp.sign({ nonce: 'n-1', at_hash: 'x' }), 'not_access_token');
  });

  it('rejects a token from another issuer even when signed with a trusted key', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ iss: 'https://evil.example.test' }), 'wrong_issuer');
  });

  it('rejects an expired token with the message "Token expired"', async () => {
    const { expectRejected } = harness(idp.issuer);
    const error = await expectRejected(await idp.sign({ iat: now() - 600, exp: now() - 120 }), 'expired');
    expect(error.message).toBe('Token expired');
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const { verifier } = harness(idp.issuer);
    await expect(verifier.verifyAccessToken(await idp.sign({ exp: now() - 5 }))).resolves.toBeTruthy();
  });

  it('rejects a token whose nbf is beyond the clock tolerance', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ nbf: now() + 120 }), 'not_yet_valid');
  });

  it('rejects a token without exp, sub or client', async () => {
    const { expectRejected } = harness(idp.issuer);
    await expectRejected(await idp.sign({ exp: undefined }), 'missing_claim');
    await expectRejected(await idp.sign({ sub: undefined }), 'missing_claim');
    await expectRejected(await idp.sign({ azp: undefined }), 'missing_claim');
  });

  it('rejects an unsigned alg:none token', async () => {
    const { expectRejected } = harness(idp.issuer);
    const payload = {
      iss: idp.issuer,
      aud: 'mcp-server',
      sub: 'user-alice',
      azp: 'nc-mcp-demo',
      exp: now() + 300,
    };
    await expectRejected(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`, 'alg_not_allowed');
  });

  it('rejects HS256 signed with the RSA public key, even when HS256 is configured', async () => {
    const { expectRejected } = harness(idp.issuer, { algorithms: ['HS256', 'RS256'] });
    await expectRejected(await idp.signHs256WithPublicKey(), 'alg_not_allowed');
  });

  it('rejects an algorithm outside a narrowed allow-list', async () => {
    const { expectRejected } = harness(idp.issuer, { algorithms: ['ES256'] });
    await expectRejected(await idp.sign(), 'alg_not_allowed');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const { expectRejected } = harness(idp.issuer);
    const [header, payload, signature] = (await idp.sign()).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = b64url({ ...claims, sub: 'user-mallory', scope: 'openid notes.read notes.write' });
    await expectRejected(`${header}.${forged}.${signature}`, 'bad_signature');
  });

  it('rejects a token signed by an unpublished key', async () => {
    const { expectRejected } = harness(idp.issuer);
    const rogue = await idp.addKey({ publish: false });
    await expectRejected(await idp.sign({}, { key: { ...rogue, kid: idp.key.kid } }), 'bad_signature');
  });
});

describe('JWKS key rotation', () => {
  it('accepts a rotated-in key after one refetch and does not hammer the JWKS for unknown kids', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { verifier, expectRejected } = harness(idp.issuer);
    await verifier.verifyAccessToken(await idp.sign());
    const afterFirst = idp.requests.jwks;

    const rotated = await idp.addKey();
    vi.setSystemTime(Date.now() + 31_000); // past the default 30 s cooldown
    const info = await verifier.verifyAccessToken(await idp.sign({}, { key: rotated }));
    expect(info.clientId).toBe('nc-mcp-demo');
    expect(idp.requests.jwks).toBe(afterFirst + 1);

    const ghost = await idp.addKey({ publish: false });
    for (let i = 0; i < 5; i += 1) await expectRejected(await idp.sign({}, { key: ghost }), 'unknown_key');
    expect(idp.requests.jwks).toBe(afterFirst + 1); // within the cooldown: no refetch at all

    vi.setSystemTime(Date.now() + 31_000);
    for (let i = 0; i < 3; i += 1) await expectRejected(await idp.sign({}, { key: ghost }), 'unknown_key');
    expect(idp.requests.jwks).toBe(afterFirst + 2); // one refetch per cooldown window
  });

  it('honours a configured refetch cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { verifier } = harness(idp.issuer, { jwksRefetchCooldownSeconds: 120 });
    await verifier.verifyAccessToken(await idp.sign());
    const rotated = await idp.addKey();
    vi.setSystemTime(Date.now() + 31_000);
    const before = idp.requests.jwks;
    await expect(verifier.verifyAccessToken(await idp.sign({}, { key: rotated }))).rejects.toThrow(
      'Invalid token',
    );
    expect(idp.requests.jwks).toBe(before);
  });
});
