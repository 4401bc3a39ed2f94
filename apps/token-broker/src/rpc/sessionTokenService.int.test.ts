import { createTokenVerifier, subjectOf } from '@nc-mcp/auth';
import type { SessionTokenClient } from '@nc-mcp/broker-client/session';
import { createClientRegistry } from '@nc-mcp/client-registry';
import { DEV_USERS, type DevIdp, startDevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import {
  decodeClaims,
  expectBrokerCallError,
  MCP_RESOURCE,
  mcpClient,
  startExchangeIdp,
  startTestBroker,
  userToken,
} from '../testing/brokerHarness.js';

const alice = DEV_USERS[0]!;

describe('SessionTokenService.ExchangeToken', () => {
  const logs = captureLogs('token-broker-test');
  const seenTokens: string[] = [];
  let idp: DevIdp;
  let foreignIdp: DevIdp;
  let broker: RunningBroker;
  let client: SessionTokenClient;
  let aliceToken: string;

  const exchange = (
    subjectToken: string,
    scopes: readonly string[] = ['notes.read'],
    audience = 'nextcloud',
  ) => client.exchangeToken({ subjectToken, audience, scopes, requestId: 'req-1' });

  beforeAll(async () => {
    [idp, foreignIdp] = await Promise.all([startExchangeIdp(), startDevIdp()]);
    broker = await startTestBroker(idp.issuer, { logger: logs.logger });
    client = mcpClient(broker);
    aliceToken = await userToken(idp);
    seenTokens.push(aliceToken);
  });
  afterAll(async () => {
    client?.close();
    await broker?.close();
    await Promise.all([idp?.close(), foreignIdp?.close()]);
  });

  it("returns a nextcloud token for the subject token's user, limited to the requested scope", async () => {
    const issued = await exchange(aliceToken, ['notes.read']);
    seenTokens.push(issued.accessToken);
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.scopes).toEqual(['notes.read']);

    // Verified against the dev IdP's JWKS, as Nextcloud would.
    const verifier = createTokenVerifier({
      issuer: idp.issuer,
      audiences: ['nextcloud'],
      clientRegistry: createClientRegistry({ includeDemoClient: false, acceptDynamicClients: true }),
    });
    const auth = await verifier.verifyAccessToken(issued.accessToken);
    expect(subjectOf(auth).subject).toBe(alice.sub);
    const claims = decodeClaims(issued.accessToken);
    expect(claims.aud).toBe('nextcloud');
    expect(claims.sub).toBe(alice.sub);
    expect(String(claims.scope).split(' ')).toEqual(['notes.read']);
    expect(issued.expiresAt).toBeLessThanOrEqual(Number(decodeClaims(aliceToken).exp));
    expect(issued.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('uses the configured Nextcloud audience when the request names none', async () => {
    const issued = await exchange(aliceToken, ['notes.write'], '');
    seenTokens.push(issued.accessToken);
    expect(decodeClaims(issued.accessToken).aud).toBe('nextcloud');
  });

  it('never reports an expiry beyond the subject token', async () => {
    const short = await idp.signAccessToken(
      { sub: alice.sub, aud: [MCP_RESOURCE, 'mcp-server'], scope: 'notes.read', client_id: 'nc-mcp-demo' },
      { expiresInSeconds: 40 },
    );
    seenTokens.push(short);
    const issued = await exchange(short);
    seenTokens.push(issued.accessToken);
    expect(issued.expiresAt).toBeLessThanOrEqual(Number(decodeClaims(short).exp));
  });

  it('rejects a garbage subject token as unauthenticated', async () => {
    await expectBrokerCallError(exchange('not-a-token'), 'unauthenticated');
  });

  it('rejects a subject token signed by another key as unauthenticated', async () => {
    const forged = await foreignIdp.signAccessToken({
      iss: idp.issuer,
      sub: alice.sub,
      aud: ['mcp-server'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
    seenTokens.push(forged);
    await expectBrokerCallError(exchange(forged), 'unauthenticated');
  });

  it('rejects an expired subject token as unauthenticated', async () => {
    const expired = await idp.signAccessToken(
      { sub: alice.sub, aud: ['mcp-server'], scope: 'notes.read', client_id: 'nc-mcp-demo' },
      { expiresInSeconds: -120 },
    );
    seenTokens.push(expired);
    await expectBrokerCallError(exchange(expired), 'unauthenticated');
  });

  it('rejects a subject token issued for another audience as unauthenticated', async () => {
    const foreignAudience = await idp.signAccessToken({
      sub: alice.sub,
      aud: ['nextcloud'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
    seenTokens.push(foreignAudience);
    await expectBrokerCallError(exchange(foreignAudience), 'unauthenticated');
  });

  it('rejects a subject token issued for another MCP resource, even though it also names mcp-server', async () => {
    const otherResource = await idp.signAccessToken({
      sub: alice.sub,
      aud: ['http://127.0.0.1:4999/mcp', 'mcp-server'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
    seenTokens.push(otherResource);
    await expectBrokerCallError(exchange(otherResource), 'unauthenticated');
    const refused = logs
      .records()
      .find((record) => record.msg === 'token exchange' && String(record.reason).includes('wrong_audience'));
    expect(refused).toMatchObject({ errorCode: 'subject_token_invalid' });
  });

  it('exchanges a subject token bound to this MCP resource (MCP_PUBLIC_URL + /mcp)', async () => {
    const bound = await idp.signAccessToken({
      sub: alice.sub,
      aud: [MCP_RESOURCE, 'mcp-server'],
      scope: 'notes.read',
      client_id: 'nc-mcp-demo',
    });
    seenTokens.push(bound);
    const issued = await exchange(bound);
    seenTokens.push(issued.accessToken);
    expect(decodeClaims(issued.accessToken).sub).toBe(alice.sub);
  });

  it('without MCP_PUBLIC_URL, refuses every subject token that names a resource URL', async () => {
    const unbound = await startTestBroker(idp.issuer, { logger: logs.logger, extra: { MCP_PUBLIC_URL: '' } });
    const unboundClient = mcpClient(unbound);
    try {
      await expectBrokerCallError(
        unboundClient.exchangeToken({
          subjectToken: aliceToken,
          audience: 'nextcloud',
          scopes: ['notes.read'],
        }),
        'unauthenticated',
      );
    } finally {
      unboundClient.close();
      await unbound.close();
    }
  });

  it('answers permission_denied when the IdP refuses the audience', async () => {
    await expectBrokerCallError(exchange(aliceToken, ['notes.read'], 'other-service'), 'permission_denied');
  });

  it('answers permission_denied when a scope exceeds the subject token', async () => {
    await expectBrokerCallError(exchange(aliceToken, ['files.write']), 'permission_denied');
  });

  it.each([
    ['an empty subject token', '', ['notes.read']],
    ['a scope containing a space', 'x.y.z', ['notes.read notes.write']],
    ['no scopes at all', 'x.y.z', []],
  ])('answers invalid_argument for %s', async (_name, subjectToken, scopes) => {
    await expectBrokerCallError(exchange(subjectToken, scopes), 'invalid_argument');
  });

  it.each<[string, { requestId?: string; audience?: string; scopes?: string[] }, string, string]>([
    ['a 1 MB request_id', { requestId: 'r'.repeat(1_048_576) }, 'request_id', 'r'.repeat(129)],
    ['a request_id outside [A-Za-z0-9._:-]', { requestId: 'id\nforged="line"' }, 'request_id', 'forged='],
    ['an audience over 256 characters', { audience: 'a'.repeat(257) }, 'audience', 'a'.repeat(257)],
    ['a scope over 128 characters', { scopes: ['s'.repeat(129)] }, 'scope', 's'.repeat(129)],
    [
      'more than 32 scopes',
      { scopes: Array.from({ length: 33 }, (_, i) => `scope.number${i}`) },
      'scopes',
      'scope.number32',
    ],
  ])('refuses %s as invalid_argument before logging it', async (_name, overrides, field, value) => {
    const request = {
      subjectToken: aliceToken,
      audience: 'nextcloud',
      scopes: ['notes.read'],
      requestId: 'bounds-check',
      ...overrides,
    };
    const failure = await expectBrokerCallError(client.exchangeToken(request), 'invalid_argument');
    expect(String((failure.cause as { details?: string }).details)).toContain(field);
    const refused = logs
      .records()
      .filter((record) => record.msg === 'token exchange' && record.errorCode === 'invalid_argument')
      .at(-1);
    expect(String(refused?.reason)).toContain(field);
    const line = JSON.stringify(refused);
    expect(line.length).toBeLessThan(2000);
    expect(line).not.toContain(value);
  });

  it('keeps a well-formed request_id on the log line even when the request is refused', async () => {
    await expectBrokerCallError(
      client.exchangeToken({
        subjectToken: '',
        audience: 'nextcloud',
        scopes: ['notes.read'],
        requestId: 'req:refused-1',
      }),
      'invalid_argument',
    );
    expect(logs.records().find((record) => record.requestId === 'req:refused-1')).toMatchObject({
      errorCode: 'invalid_argument',
    });
  });

  it('logs each exchange with its outcome, user and client, and never a token', async () => {
    const lines = logs.records().filter((record) => record.msg === 'token exchange');
    const ok = lines.find((record) => record.outcome === 'ok');
    expect(ok).toMatchObject({
      requestId: 'req-1',
      caller: 'mcp-server',
      user: alice.sub,
      client: 'nc-mcp-demo',
      audience: 'nextcloud',
      cache: 'off',
    });
    expect(typeof ok?.latencyMs).toBe('number');
    expect(lines.some((record) => record.errorCode === 'exchange_refused')).toBe(true);
    expect(lines.some((record) => record.errorCode === 'subject_token_invalid')).toBe(true);
    const text = logs.text();
    expect(seenTokens.length).toBeGreaterThan(5);
    for (const token of seenTokens) expect(text).not.toContain(token);
  });
});
