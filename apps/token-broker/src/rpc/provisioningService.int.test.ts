import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProvisioningClient, type ProvisioningClient } from '@nc-mcp/broker-client/session';
import { authorizeWithForms, type DevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import { startBroker } from '../startBroker.js';
import {
  BROKER_CLIENT,
  brokerEnv,
  callbackParameters,
  expectBrokerCallError,
  MCP_SERVER_KEY,
  startExchangeIdp,
  userToken,
} from '../testing/brokerHarness.js';
import { createLazyVault } from '../vault/index.js';
import { testKey } from '../vault/testing/vaultBackends.js';

// Flow 2 through real gRPC, the real dev IdP's forms and a real vault (SQLite here, PostgreSQL below).

const TIMEOUT = 60_000;

interface Harness {
  idp: DevIdp;
  broker: RunningBroker;
  client: ProvisioningClient;
  dataDir: string;
  keys: string;
}

async function refreshAtIdp(idp: DevIdp, refreshToken: string): Promise<{ status: number; error?: string }> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${BROKER_CLIENT.clientId}:${BROKER_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error ? { error: body.error } : {}) };
}

describe('ProvisioningService (Flow 2) with a SQLite vault', () => {
  const logs = captureLogs('token-broker-test');
  let h: Harness;
  const closers: (() => Promise<void> | void)[] = [];

  const startFor = async (username: string) => {
    const subjectToken = await userToken(h.idp, username);
    const started = await h.client.start({ subjectToken });
    return { subjectToken, started };
  };
  const storedGrant = async (subject: string) => {
    const vault = createLazyVault({ dataDir: h.dataDir, encryptionKeys: h.keys, logger: logs.logger });
    try {
      return await (await vault.get()).findGrant({ issuer: h.idp.issuer, subject });
    } finally {
      await vault.close();
    }
  };
  const subjectOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()).sub as string;

  beforeAll(async () => {
    const idp = await startExchangeIdp();
    const dataDir = join(await mkdtemp(join(tmpdir(), 'broker-flow2-')), 'vault');
    const keys = testKey('k1');
    const broker = await startBroker({
      env: brokerEnv(idp.issuer, { BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: keys }),
      logger: logs.logger,
    });
    const client = createProvisioningClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
    h = { idp, broker, client, dataDir, keys };
    closers.push(
      () => client.close(),
      () => broker.close(),
      () => idp.close(),
      () => rm(join(dataDir, '..'), { recursive: true, force: true }),
    );
  }, TIMEOUT);
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('creates no storage before the first Flow 2 call', () => {
    expect(existsSync(h.dataDir)).toBe(false);
  });

  it(
    'provisions, reports, and revokes so that the refresh token is dead at the IdP',
    async () => {
      const { subjectToken, started } = await startFor('alice');
      const url = new URL(started.authorizationUrl);
      expect(url.searchParams.get('scope')).toBe(
        'openid offline_access notes.read files.read calendar.read contacts.read',
      );
      expect(url.searchParams.get('prompt')).toBe('consent');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:3000/oauth/provision/callback');
      expect(started.expiresAt * 1000).toBeGreaterThan(Date.now() + 9 * 60_000);

      const completed = await h.client.complete(
        callbackParameters(await authorizeWithForms(url, { username: 'alice', password: 'alice' })),
      );
      const sub = subjectOf(subjectToken);
      expect(completed).toEqual({
        userId: sub,
        scopes: ['notes.read', 'files.read', 'calendar.read', 'contacts.read'],
        clientId: expect.any(String),
      });

      const status = await h.client.status({ subjectToken });
      expect(status).toMatchObject({
        provisioned: true,
        scopes: ['notes.read', 'files.read', 'calendar.read', 'contacts.read'],
        clientId: completed.clientId,
      });
      const grant = await storedGrant(sub);
      expect(grant?.refreshToken).toEqual(expect.any(String));

      await expect(h.client.revoke({ subjectToken })).resolves.toEqual({ revoked: true, idpConfirmed: true });
      await expect(h.client.status({ subjectToken })).resolves.toEqual({ provisioned: false });
      await expect(refreshAtIdp(h.idp, grant?.refreshToken ?? '')).resolves.toMatchObject({
        status: 400,
        error: 'invalid_grant',
      });
      await expect(h.client.revoke({ subjectToken })).resolves.toEqual({
        revoked: false,
        idpConfirmed: false,
      });
    },
    TIMEOUT,
  );

  it(
    'refuses a replayed state, storing nothing the second time',
    async () => {
      const { subjectToken, started } = await startFor('bob');
      const params = callbackParameters(
        await authorizeWithForms(started.authorizationUrl, { username: 'bob', password: 'bob' }),
      );
      await h.client.complete(params);
      await h.client.revoke({ subjectToken });
      const replay = await expectBrokerCallError(h.client.complete(params), 'failed_precondition');
      expect(replay.reason).toBe('provisioning_unknown');
      await expect(h.client.status({ subjectToken })).resolves.toEqual({ provisioned: false });
    },
    TIMEOUT,
  );

  it(
    'refuses a flow started by alice and completed with bob’s login, and revokes what bob was issued',
    async () => {
      const { subjectToken } = await startFor('alice');
      const { started } = { started: await h.client.start({ subjectToken }) };
      const params = callbackParameters(
        await authorizeWithForms(started.authorizationUrl, { username: 'bob', password: 'bob' }),
      );
      const refused = await expectBrokerCallError(h.client.complete(params), 'permission_denied');
      expect(refused.reason).toBe('provisioning_mismatch');
      await expect(h.client.status({ subjectToken })).resolves.toEqual({ provisioned: false });
      await expect(h.client.status({ subjectToken: await userToken(h.idp, 'bob') })).resolves.toEqual({
        provisioned: false,
      });
    },
    TIMEOUT,
  );

  it(
    'refuses a code issued for another user’s flow (its PKCE verifier does not match)',
    async () => {
      const alice = await startFor('alice');
      const bob = await startFor('bob');
      const alicesState = new URL(alice.started.authorizationUrl).searchParams.get('state') ?? '';
      const bobsCode = callbackParameters(
        await authorizeWithForms(bob.started.authorizationUrl, { username: 'bob', password: 'bob' }),
      ).code;
      const refused = await expectBrokerCallError(
        h.client.complete({ state: alicesState, code: bobsCode }),
        'failed_precondition',
      );
      expect(refused.reason).toBe('provisioning_code_rejected');
      await expect(h.client.status({ subjectToken: alice.subjectToken })).resolves.toEqual({
        provisioned: false,
      });
    },
    TIMEOUT,
  );

  it(
    'refuses a forged or malformed state',
    async () => {
      const forged = await expectBrokerCallError(
        h.client.complete({ state: randomBytes(32).toString('base64url'), code: 'whatever' }),
        'failed_precondition',
      );
      expect(forged.reason).toBe('provisioning_unknown');
      const malformed = await expectBrokerCallError(
        h.client.complete({ state: 'x', code: 'y' }),
        'failed_precondition',
      );
      expect(malformed.reason).toBe('provisioning_unknown');
    },
    TIMEOUT,
  );

  it(
    'consumes the flow when the user declines at the IdP',
    async () => {
      const { started } = await startFor('alice');
      const state = new URL(started.authorizationUrl).searchParams.get('state') ?? '';
      const declined = await expectBrokerCallError(
        h.client.complete({ state, code: '', idpError: 'access_denied' }),
        'failed_precondition',
      );
      expect(declined.reason).toBe('consent_denied');
      const again = await expectBrokerCallError(
        h.client.complete({ state, code: 'late-code' }),
        'failed_precondition',
      );
      expect(again.reason).toBe('provisioning_unknown');
    },
    TIMEOUT,
  );

  it(
    'binds a browser-page flow to its cookie and stores the grant under the user the IdP signed in',
    async () => {
      const binding = randomBytes(32).toString('base64url');
      const started = await h.client.start({ browserBinding: binding });
      const params = callbackParameters(
        await authorizeWithForms(started.authorizationUrl, { username: 'bob', password: 'bob' }),
      );
      const stolen = await expectBrokerCallError(
        h.client.complete({ ...params, browserBinding: randomBytes(32).toString('base64url') }),
        'permission_denied',
      );
      expect(stolen.reason).toBe('provisioning_mismatch');

      const again = await h.client.start({ browserBinding: binding });
      const fresh = callbackParameters(
        await authorizeWithForms(again.authorizationUrl, { username: 'bob', password: 'bob' }),
      );
      const completed = await h.client.complete({ ...fresh, browserBinding: binding });
      expect(completed.clientId).toBe('provision-page');
      const bob = await userToken(h.idp, 'bob');
      await expect(h.client.status({ subjectToken: bob })).resolves.toMatchObject({
        provisioned: true,
        clientId: 'provision-page',
      });
      await h.client.revoke({ subjectToken: bob });
    },
    TIMEOUT,
  );

  it(
    'refuses scopes that are not background scopes, naming the field',
    async () => {
      const subjectToken = await userToken(h.idp, 'alice');
      const refused = await expectBrokerCallError(
        h.client.start({ subjectToken, scopes: ['notes.write'] }),
        'invalid_argument',
      );
      expect((refused.cause as { details?: string }).details).toMatch(
        /^scopes may only name background scopes/,
      );
    },
    TIMEOUT,
  );

  it('never logs a token, code, state or verifier', () => {
    const text = logs.text();
    expect(text).toContain('"msg":"provisioning"');
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(text).not.toMatch(/"(code|state|refresh_?token|codeVerifier)":"[^"]/i);
  });
});
