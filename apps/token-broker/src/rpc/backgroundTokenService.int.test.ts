import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackgroundTokenClient, createBackgroundTokenClient } from '@nc-mcp/broker-client/background';
import { createProvisioningClient, type ProvisioningClient } from '@nc-mcp/broker-client/session';
import { authorizeWithForms, type DevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../startBroker.js';
import {
  BROKER_CLIENT,
  brokerEnv,
  countingFetch,
  decodeClaims,
  expectBrokerCallError,
  MCP_SERVER_KEY,
  startExchangeIdp,
  userToken,
  WORKER_KEY,
} from '../testing/brokerHarness.js';
import { createLazyVault } from '../vault/index.js';
import { TEST_DATABASE_URL, testKey } from '../vault/testing/vaultBackends.js';

// GetBackgroundToken and ListProvisionedUsers over real gRPC, against grants made through the real
// Flow 2 (the dev IdP rotates the broker's refresh tokens on every use, as strict IdPs do).

const TIMEOUT = 60_000;

/** Provisions `username` through the forms and returns their sub. */
async function provision(idp: DevIdp, client: ProvisioningClient, username: string): Promise<string> {
  const subjectToken = await userToken(idp, username);
  const started = await client.start({ subjectToken });
  const back = await authorizeWithForms(started.authorizationUrl, { username, password: username });
  await client.complete({
    state: back.searchParams.get('state') ?? '',
    code: back.searchParams.get('code') ?? '',
  });
  return String(decodeClaims(subjectToken).sub);
}

async function revokeAtIdp(idp: DevIdp, token: string): Promise<void> {
  const response = await fetch(`${idp.issuer}/token/revocation`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${BROKER_CLIENT.clientId}:${BROKER_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, token_type_hint: 'refresh_token' }).toString(),
  });
  expect(response.status).toBe(200);
}

describe('BackgroundTokenService', () => {
  const logs = captureLogs('token-broker-test');
  const counting = countingFetch();
  let idp: DevIdp;
  let broker: RunningBroker;
  let provisioning: ProvisioningClient;
  let worker: BackgroundTokenClient;
  let dataDir: string;
  let skewMs = 0;
  const vaultKey = testKey('k');
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    idp = await startExchangeIdp();
    dataDir = await mkdtemp(join(tmpdir(), 'broker-background-'));
    broker = await startBroker({
      env: brokerEnv(idp.issuer, { BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: vaultKey }),
      logger: logs.logger,
      fetch: counting.fetch,
      now: () => Date.now() + skewMs,
    });
    provisioning = createProvisioningClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
    worker = createBackgroundTokenClient({
      address: broker.address,
      caller: 'background-worker',
      callerKey: WORKER_KEY,
    });
    alice = await provision(idp, provisioning, 'alice');
    bob = await provision(idp, provisioning, 'bob');
  }, TIMEOUT);
  afterAll(async () => {
    worker?.close();
    provisioning?.close();
    await broker?.close();
    await idp?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'issues a Nextcloud token from the stored grant, with the granted scopes by default',
    async () => {
      const token = await worker.getBackgroundToken({ userId: alice });
      expect(token.scopes.sort()).toEqual(['calendar.read', 'contacts.read', 'files.read', 'notes.read']);
      const claims = decodeClaims(token.accessToken);
      expect(claims).toMatchObject({ sub: alice, aud: 'nextcloud' });
      expect(token.expiresAt).toBeGreaterThan(Date.now() / 1000 + 60);
      const narrowed = await worker.getBackgroundToken({ userId: alice, scopes: ['notes.read'] });
      expect(narrowed.scopes).toEqual(['notes.read']);
    },
    TIMEOUT,
  );

  it(
    'refuses scopes beyond the grant, and users without a grant',
    async () => {
      await expectBrokerCallError(
        worker.getBackgroundToken({ userId: alice, scopes: ['notes.write'] }),
        'invalid_argument',
      );
      const unknown = await expectBrokerCallError(
        worker.getBackgroundToken({ userId: 'nobody' }),
        'failed_precondition',
      );
      expect(unknown.reason).toBe('not_provisioned');
    },
    TIMEOUT,
  );

  it(
    'answers 50 concurrent requests for one user with one refresh, and the rotated grant stays valid',
    async () => {
      skewMs = 2 * 60 * 60 * 1000; // past every cached token
      const before = counting.tokenRequests();
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => worker.getBackgroundToken({ userId: bob, scopes: ['files.read'] })),
      );
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(counting.tokenRequests() - before).toBe(1);
      const tokens = new Set(
        results.map((result) => (result.status === 'fulfilled' ? result.value.accessToken : '')),
      );
      expect(tokens.size).toBe(1);

      skewMs = 4 * 60 * 60 * 1000;
      await expect(worker.getBackgroundToken({ userId: bob, scopes: ['files.read'] })).resolves.toMatchObject(
        {
          scopes: ['files.read'],
        },
      );
      expect(counting.tokenRequests() - before).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'lists provisioned users page by page',
    async () => {
      const first = await worker.listProvisionedUsers({ pageSize: 1 });
      expect(first.users).toHaveLength(1);
      expect(first.nextPageToken).toEqual(expect.any(String));
      const second = await worker.listProvisionedUsers({ pageSize: 1, pageToken: first.nextPageToken ?? '' });
      const all = [...first.users, ...second.users].map((user) => user.userId).sort();
      expect(all).toEqual([alice, bob].sort());
      const last = await worker.listProvisionedUsers({ pageSize: 1, pageToken: second.nextPageToken ?? '' });
      expect(last).toEqual({ users: [], nextPageToken: undefined });
      await expectBrokerCallError(worker.listProvisionedUsers({ pageToken: 'forged' }), 'invalid_argument');
    },
    TIMEOUT,
  );

  it(
    'forgets a grant the IdP no longer honours, and stops serving its cached token when revoked',
    async () => {
      // Revoked through the broker: the grant is gone, and so is every cached token.
      const stored = await provisioning.status({ subjectToken: await userToken(idp, 'alice') });
      expect(stored.provisioned).toBe(true);
      const revoked = await provisioning.revoke({ subjectToken: await userToken(idp, 'alice') });
      expect(revoked.revoked).toBe(true);
      const afterRevoke = await expectBrokerCallError(
        worker.getBackgroundToken({ userId: alice }),
        'failed_precondition',
      );
      expect(afterRevoke.reason).toBe('not_provisioned');

      // Revoked behind the broker's back: the next refresh gets invalid_grant.
      alice = await provision(idp, provisioning, 'alice');
      const refreshToken = await storedRefreshToken(alice);
      await revokeAtIdp(idp, refreshToken);
      skewMs += 2 * 60 * 60 * 1000;
      const dead = await expectBrokerCallError(
        worker.getBackgroundToken({ userId: alice }),
        'failed_precondition',
      );
      expect(dead.reason).toBe('not_provisioned');
      const listed = await worker.listProvisionedUsers({});
      expect(listed.users.map((user) => user.userId)).not.toContain(alice);
      expect(logs.text()).toContain('user unprovisioned');
    },
    TIMEOUT,
  );

  it('never logs a token', () => {
    expect(logs.text()).toContain('"msg":"background token"');
    expect(logs.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  async function storedRefreshToken(subject: string): Promise<string> {
    const vault = createLazyVault({ dataDir, encryptionKeys: vaultKey, logger: logs.logger });
    try {
      const grant = await (await vault.get()).findGrant({ issuer: idp.issuer, subject });
      return grant?.refreshToken ?? '';
    } finally {
      await vault.close();
    }
  }
});

describe('BackgroundTokenService on PostgreSQL shared by two brokers', () => {
  const logs = captureLogs('token-broker-test');
  const schema = `broker_background_${randomBytes(6).toString('hex')}`;
  const counting = countingFetch();
  let idp: DevIdp;
  const brokers: RunningBroker[] = [];
  const workers: BackgroundTokenClient[] = [];
  let provisioning: ProvisioningClient;
  let skewMs = 0;

  beforeAll(async () => {
    idp = await startExchangeIdp();
    const keys = testKey('shared');
    for (let i = 0; i < 2; i += 1) {
      const broker = await startBroker({
        env: brokerEnv(idp.issuer, { DATABASE_URL: TEST_DATABASE_URL, TOKEN_ENCRYPTION_KEYS: keys }),
        logger: logs.logger,
        vaultSchema: schema,
        fetch: counting.fetch,
        now: () => Date.now() + skewMs,
      });
      brokers.push(broker);
      workers.push(
        createBackgroundTokenClient({
          address: broker.address,
          caller: 'background-worker',
          callerKey: WORKER_KEY,
        }),
      );
    }
    provisioning = createProvisioningClient({
      address: brokers[0]?.address ?? '',
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
  }, TIMEOUT);
  afterAll(async () => {
    provisioning?.close();
    for (const worker of workers) worker.close();
    for (const broker of brokers) await broker.close();
    await idp?.close();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it(
    'serves concurrent requests on both replicas without ever replaying a rotated refresh token',
    async () => {
      const alice = await provision(idp, provisioning, 'alice');
      for (const round of [1, 2, 3]) {
        skewMs = round * 2 * 60 * 60 * 1000;
        const results = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) => workers[i % 2]?.getBackgroundToken({ userId: alice })),
        );
        expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      }
      // Still valid: a replayed rotated token would have made the IdP revoke the whole grant.
      skewMs += 2 * 60 * 60 * 1000;
      await expect(workers[1]?.getBackgroundToken({ userId: alice })).resolves.toMatchObject({
        scopes: expect.arrayContaining(['notes.read']),
      });
    },
    TIMEOUT,
  );
});
