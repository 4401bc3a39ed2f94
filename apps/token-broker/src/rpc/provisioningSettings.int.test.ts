import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProvisioningClient, type ProvisioningClient } from '@nc-mcp/broker-client/session';
import { authorizeWithForms, type DevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import { startBroker } from '../startBroker.js';
import {
  brokerEnv,
  callbackParameters,
  expectBrokerCallError,
  MCP_SERVER_KEY,
  startExchangeIdp,
  userToken,
} from '../testing/brokerHarness.js';
import { TEST_DATABASE_URL, testKey } from '../vault/testing/vaultBackends.js';

// Flow 2's settings (switched off, no key, an expired flow) and two broker replicas on one PostgreSQL vault.

const TIMEOUT = 60_000;

describe('ProvisioningService settings', () => {
  const logs = captureLogs('token-broker-test');
  let idp: DevIdp;
  beforeAll(async () => {
    idp = await startExchangeIdp();
  }, TIMEOUT);
  afterAll(() => idp?.close());

  const brokerWith = async (extra: Record<string, string>) => {
    const broker = await startBroker({ env: brokerEnv(idp.issuer, extra), logger: logs.logger });
    const client = createProvisioningClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
    return {
      client,
      close: async () => {
        client.close();
        await broker.close();
      },
    };
  };

  it(
    'refuses a flow completed after its 10 minutes, storing nothing',
    async () => {
      const dataDir = join(tmpdir(), `broker-expiry-${randomBytes(4).toString('hex')}`);
      let skewMs = 0;
      const broker = await startBroker({
        env: brokerEnv(idp.issuer, { BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: testKey('k') }),
        logger: logs.logger,
        now: () => Date.now() + skewMs,
      });
      const client = createProvisioningClient({
        address: broker.address,
        caller: 'mcp-server',
        callerKey: MCP_SERVER_KEY,
      });
      try {
        const subjectToken = await userToken(idp);
        const started = await client.start({ subjectToken });
        const params = callbackParameters(
          await authorizeWithForms(started.authorizationUrl, { username: 'alice', password: 'alice' }),
        );
        skewMs = 10 * 60_000 + 1000;
        const expired = await expectBrokerCallError(client.complete(params), 'failed_precondition');
        expect(expired.reason).toBe('provisioning_expired');
        skewMs = 0;
        await expect(client.status({ subjectToken })).resolves.toEqual({ provisioned: false });
      } finally {
        client.close();
        await broker.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    'answers failed-precondition when progressive consent is switched off',
    async () => {
      const { client, close } = await brokerWith({ ENABLE_PROGRESSIVE_CONSENT: 'false' });
      try {
        const error = await expectBrokerCallError(
          client.status({ subjectToken: await userToken(idp) }),
          'failed_precondition',
        );
        expect(error.reason).toBe('provisioning_disabled');
      } finally {
        await close();
      }
    },
    TIMEOUT,
  );

  it(
    'reports a missing encryption key when Flow 2 is first used, and still exchanges tokens',
    async () => {
      const dataDir = join(tmpdir(), `broker-nokey-${randomBytes(4).toString('hex')}`);
      const { client, close } = await brokerWith({ BROKER_DATA_DIR: dataDir });
      try {
        const error = await expectBrokerCallError(
          client.start({ subjectToken: await userToken(idp) }),
          'failed_precondition',
        );
        expect(error.reason).toBe('vault_misconfigured');
        expect(logs.text()).toContain('TOKEN_ENCRYPTION_KEYS');
      } finally {
        await close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});

describe('ProvisioningService on PostgreSQL shared by two brokers', () => {
  const logs = captureLogs('token-broker-test');
  const schema = `broker_flow2_${randomBytes(6).toString('hex')}`;
  let idp: DevIdp;
  const brokers: RunningBroker[] = [];
  const clients: ProvisioningClient[] = [];

  beforeAll(async () => {
    idp = await startExchangeIdp();
    const keys = testKey('shared');
    for (let i = 0; i < 2; i += 1) {
      const broker = await startBroker({
        env: brokerEnv(idp.issuer, { DATABASE_URL: TEST_DATABASE_URL, TOKEN_ENCRYPTION_KEYS: keys }),
        logger: logs.logger,
        vaultSchema: schema,
      });
      brokers.push(broker);
      clients.push(
        createProvisioningClient({
          address: broker.address,
          caller: 'mcp-server',
          callerKey: MCP_SERVER_KEY,
        }),
      );
    }
  }, TIMEOUT);
  afterAll(async () => {
    for (const client of clients) client.close();
    for (const broker of brokers) await broker.close();
    await idp?.close();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it(
    'completes on one replica a flow started on the other',
    async () => {
      const [first, second] = clients;
      if (!first || !second) throw new Error('two brokers expected');
      const subjectToken = await userToken(idp, 'alice');
      const started = await first.start({ subjectToken });
      const params = callbackParameters(
        await authorizeWithForms(started.authorizationUrl, { username: 'alice', password: 'alice' }),
      );
      await expect(second.complete(params)).resolves.toMatchObject({
        scopes: ['notes.read', 'files.read', 'calendar.read', 'contacts.read'],
      });
      await expect(first.status({ subjectToken })).resolves.toMatchObject({ provisioned: true });
      await expect(second.revoke({ subjectToken })).resolves.toEqual({ revoked: true, idpConfirmed: true });
    },
    TIMEOUT,
  );
});
