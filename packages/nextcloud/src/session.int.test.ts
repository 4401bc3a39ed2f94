import { captureLogs } from '@nc-mcp/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { createNextcloudClient } from './createNextcloudClient.js';
import { loadFixture } from './testing/fixtures.js';
import {
  cloudUserReply,
  createRouter,
  fixtureReply,
  type ReplayServer,
  startReplayServer,
} from './testing/replayServer.js';
import { staticTokenSource } from './testing/tokenSources.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HASHED_UID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('session: OCS and the user id', () => {
  it('reads the current user from the recorded cloud/user answer with OCS headers and the bearer token', async () => {
    const router = createRouter().on('GET', '/ocs/v2.php/cloud/user', fixtureReply(loadFixture('ocs/005')));
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(
      staticTokenSource('sub-1', 'tok-1'),
    );

    const user = await session.ocs.currentUser();

    expect(user).toEqual({
      id: 'fixture',
      displayName: 'Fixture User',
      email: 'fixture@example.com',
      groups: [],
      language: 'en',
      locale: '',
      quota: { used: 0, free: -3, total: -3, relative: 0 },
    });
    const [request] = server.requests;
    expect(request?.headers['ocs-apirequest']).toBe('true');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer tok-1');
  });

  it('reads the capabilities document (ocs/002)', async () => {
    const router = createRouter().on(
      'GET',
      '/ocs/v2.php/cloud/capabilities',
      fixtureReply(loadFixture('ocs/002')),
    );
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('s', 't'));

    const capabilities = await session.ocs.capabilities();

    expect(capabilities.version).toMatchObject({ major: 34, string: '34.0.1' });
    expect(capabilities.capabilities).toHaveProperty('core');
    expect(server.requests[0]?.headers['ocs-apirequest']).toBe('true');
  });

  it('asks cloud/user once for two sessions of the same subject and again for another subject', async () => {
    const router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(HASHED_UID));
    server = await startReplayServer(router.route);
    const client = createNextcloudClient({ baseUrl: server.baseUrl });

    const first = await client.session(staticTokenSource('alice', 'token-a1')).userId();
    const second = await client.session(staticTokenSource('alice', 'token-a2')).userId();
    expect([first, second]).toEqual([HASHED_UID, HASHED_UID]);
    expect(server.requests).toHaveLength(1);

    await client.session(staticTokenSource('bob', 'token-b')).userId();
    expect(server.requests).toHaveLength(2);
  });

  it('does not share the user id cache between clients', async () => {
    const router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(HASHED_UID));
    server = await startReplayServer(router.route);
    await createNextcloudClient({ baseUrl: server.baseUrl })
      .session(staticTokenSource('alice', 't'))
      .userId();
    await createNextcloudClient({ baseUrl: server.baseUrl })
      .session(staticTokenSource('alice', 't'))
      .userId();
    expect(server.requests).toHaveLength(2);
  });

  it('maps the OCS 401 (statuscode 997) to unauthorized and does not cache the failure', async () => {
    const router = createRouter().on(
      'GET',
      '/ocs/v2.php/cloud/user',
      fixtureReply(loadFixture('ocs/011')),
      cloudUserReply(HASHED_UID),
    );
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('s', 'bad'));

    await expect(session.userId()).rejects.toMatchObject({
      name: 'NextcloudError',
      code: 'unauthorized',
      status: 401,
    });
    expect(await session.userId()).toBe(HASHED_UID);
  });

  it('logs method, path, status and latency at debug, never the token or the query', async () => {
    const router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(HASHED_UID));
    server = await startReplayServer(router.route);
    const logs = captureLogs();
    const session = createNextcloudClient({ baseUrl: server.baseUrl, logger: logs.logger }).session(
      staticTokenSource('s', 'super-secret-token-value'),
    );

    await session.userId();

    expect(logs.text()).not.toContain('super-secret-token-value');
    expect(logs.text()).not.toContain('format=json');
    expect(logs.records()).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/ocs/v2.php/cloud/user',
        status: 200,
        latencyMs: expect.any(Number),
      }),
    );
  });
});

describe('session without a subject', () => {
  it('never caches the user id under an empty subject', async () => {
    const router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(HASHED_UID));
    server = await startReplayServer(router.route);
    const client = createNextcloudClient({ baseUrl: server.baseUrl });
    await client.session(staticTokenSource('', 't1')).userId();
    await client.session(staticTokenSource('', 't2')).userId();
    expect(server.requests).toHaveLength(2);
  });
});
