import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { loadFixture } from '../testing/fixtures.js';
import {
  cloudUserReply,
  createRouter,
  fixtureReply,
  type ReplayServer,
  type Router,
  startReplayServer,
} from '../testing/replayServer.js';
import { staticTokenSource } from '../testing/tokenSources.js';

const UID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VERSIONS = `/remote.php/dav/versions/${UID}/versions`;

describe('versions against the recorded server', () => {
  let server: ReplayServer;
  let router: Router;
  let session: NextcloudSession;

  beforeEach(async () => {
    router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(UID));
    server = await startReplayServer((request) => router.route(request));
    session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('sub', 'tok'));
  });
  afterEach(() => server.close());

  it('lists a file id’s versions under the discovered uid, newest first, without the collection (webdav/067)', async () => {
    const recorded = fixtureReply(loadFixture('webdav/067'));
    router.on('PROPFIND', `${VERSIONS}/316`, {
      ...recorded,
      body: recorded.body?.replaceAll('/versions/fixture/', `/versions/${UID}/`),
    });
    const versions = await session.webdav.listVersions(316);
    expect(versions.map((v) => [v.versionId, v.size])).toEqual([
      ['1795739097', 23],
      ['1795739095', 23],
      ['1795739094', 32],
    ]);
    expect(versions[2]).toEqual({
      versionId: '1795739094',
      etag: '1795739094',
      modified: '2026-11-27T00:24:54.000Z',
      size: 32,
      author: 'fixture',
    });
    expect(server.requests.find((r) => r.method === 'PROPFIND')?.headers.depth).toBe('1');
  });

  it('restores with MOVE to restore/target and maps an unknown version to not_found', async () => {
    router.on('MOVE', `${VERSIONS}/316/1795739094`, { status: 201 });
    router.on('MOVE', `${VERSIONS}/316/1`, {
      status: 404,
      headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    });
    await session.webdav.restoreVersion(316, '1795739094');
    const move = server.requests.find((r) => r.method === 'MOVE');
    expect(move?.headers.destination).toBe(`${server.baseUrl}/remote.php/dav/versions/${UID}/restore/target`);
    await expect(session.webdav.restoreVersion(316, '1')).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each(['../1', '1/2', 'latest', ''])('refuses the version id %j before sending anything', async (id) => {
    await expect(session.webdav.restoreVersion(316, id)).rejects.toMatchObject({ code: 'bad_request' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('versions against the Nextcloud test double', () => {
  let issuer: TestIssuer;
  let nextcloud: DevNextcloud;
  let session: NextcloudSession;
  let clockMs = Date.parse('2026-11-27T00:00:00Z');

  beforeAll(async () => {
    issuer = await startTestIssuer({ claims: {} });
    nextcloud = await startDevNextcloud({
      issuer: issuer.issuer,
      userIdMode: 'hashed',
      clock: () => clockMs,
    });
    session = createNextcloudClient({ baseUrl: nextcloud.url }).session({
      subject: 'sub-ver',
      getToken: async () => issuer.sign({ sub: 'sub-ver', aud: 'nextcloud', preferred_username: 'gina' }),
    });
  }, 30_000);

  afterAll(async () => {
    await nextcloud?.close();
    await issuer?.close();
  });

  it('keeps one version per overwrite and restores an older one as the current content', async () => {
    const path = 'Vers ü #1 100%.txt';
    await session.webdav.put(path, 'one');
    clockMs += 1000;
    await session.webdav.put(path, 'two');
    clockMs += 1000;
    await session.webdav.put(path, 'three');
    const [entry] = await session.webdav.propfind(path, { depth: 0 });
    const fileId = entry?.fileId ?? 0;
    const versions = await session.webdav.listVersions(fileId);
    expect(versions.map((v) => v.size)).toEqual([5, 3, 3]);
    const oldest = versions[2]?.versionId ?? '';

    await session.webdav.restoreVersion(fileId, oldest);
    const restored = await session.webdav.get(path);
    expect(restored.content).toBe('one');
    expect(restored.etag).not.toBe(entry?.etag);
    expect((await session.webdav.listVersions(fileId)).map((v) => v.size)).toEqual([5, 3, 3]);
    await expect(session.webdav.listVersions(999_999)).rejects.toMatchObject({ code: 'not_found' });
  });
});
