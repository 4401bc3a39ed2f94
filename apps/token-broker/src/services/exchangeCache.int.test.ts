import type { SessionTokenClient } from '@nc-mcp/broker-client/session';
import type { DevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import {
  countingFetch,
  mcpClient,
  startExchangeIdp,
  startTestBroker,
  userToken,
} from '../testing/brokerHarness.js';

describe('the exchange cache', () => {
  const logs = captureLogs('token-broker-test');
  let idp: DevIdp;
  let alice: string;
  let bob: string;
  const running: { broker: RunningBroker; client: SessionTokenClient }[] = [];

  const start = async (ttlSeconds: number) => {
    const counter = countingFetch();
    const broker = await startTestBroker(idp.issuer, {
      logger: logs.logger,
      fetch: counter.fetch,
      extra: { TOKEN_EXCHANGE_CACHE_TTL_SECONDS: String(ttlSeconds) },
    });
    const client = mcpClient(broker);
    running.push({ broker, client });
    const exchange = (subjectToken: string, scopes: readonly string[]) =>
      client.exchangeToken({ subjectToken, audience: 'nextcloud', scopes });
    return { exchange, tokenRequests: counter.tokenRequests };
  };

  beforeAll(async () => {
    idp = await startExchangeIdp();
    [alice, bob] = await Promise.all([userToken(idp, 'alice'), userToken(idp, 'bob')]);
  });
  afterAll(async () => {
    for (const { broker, client } of running) {
      client.close();
      await broker.close();
    }
    await idp?.close();
  });

  it('answers a repeated exchange from the cache with one IdP call', async () => {
    const { exchange, tokenRequests } = await start(60);
    const first = await exchange(alice, ['notes.read', 'notes.write']);
    const second = await exchange(alice, ['notes.write', 'notes.read']);
    expect(tokenRequests()).toBe(1);
    expect(second).toEqual(first);
    expect(logs.records().some((record) => record.msg === 'token exchange' && record.cache === 'hit')).toBe(
      true,
    );
  });

  it('never shares an entry between users or scope sets', async () => {
    const { exchange, tokenRequests } = await start(60);
    const forAlice = await exchange(alice, ['notes.read']);
    const forBob = await exchange(bob, ['notes.read']);
    const widerScope = await exchange(alice, ['notes.read', 'notes.write']);
    expect(tokenRequests()).toBe(3);
    expect(new Set([forAlice.accessToken, forBob.accessToken, widerScope.accessToken]).size).toBe(3);
  });

  it('calls the IdP every time when the cache is off', async () => {
    const { exchange, tokenRequests } = await start(0);
    await exchange(alice, ['notes.read']);
    await exchange(alice, ['notes.read']);
    expect(tokenRequests()).toBe(2);
  });
});
