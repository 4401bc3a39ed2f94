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
  type Reply,
  type Router,
  startReplayServer,
} from '../testing/replayServer.js';
import { staticTokenSource } from '../testing/tokenSources.js';

const UID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TRASH = `/remote.php/dav/trashbin/${UID}/trash`;
// The recorded listing (webdav/066) under the discovered uid, in an order the client must not rely on.
function trashReply(): Reply {
  const recorded = fixtureReply(loadFixture('webdav/066'));
  const body = recorded.body?.replaceAll('/trashbin/fixture/', `/trashbin/${UID}/`) ?? '';
  const responses = body.match(/<d:response>.*?<\/d:response>/g) ?? [];
  const [root, ...items] = responses;
  return { ...recorded, body: body.replace(responses.join(''), [root, ...items.reverse()].join('')) };
}

describe('trash bin against the recorded server', () => {
  let server: ReplayServer;
  let router: Router;
  let session: NextcloudSession;

  beforeEach(async () => {
    router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(UID));
    server = await startReplayServer((request) => router.route(request));
    session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('sub', 'tok'));
  });
  afterEach(() => server.close());

  it('lists the trash under the discovered uid, without the collection itself, newest deletion first (webdav/066)', async () => {
    router.on('PROPFIND', `${TRASH}/`, trashReply());
    const entries = await session.webdav.listTrash();
    expect(entries.map((e) => e.trashName)).toEqual([
      'moved.txt.d1795739101',
      'moved.txt.d1795739100',
      'hello-copy.txt.d1795739099',
    ]);
    expect(entries[0]).toEqual({
      trashName: 'moved.txt.d1795739101',
      name: 'moved.txt',
      originalPath: 'Docs/moved.txt',
      deletedAt: new Date(1795739101 * 1000).toISOString(),
      type: 'file',
      size: 23,
      fileId: 335,
    });
    const [request] = server.requests.filter((r) => r.method === 'PROPFIND');
    expect(request?.headers.depth).toBe('1');
    expect(request?.body).toContain('<nc:trashbin-original-location/>');
  });

  it.each([['../x.d1'], ['a/b.txt.d1'], ['a\\b.d1'], ['..'], ['report.txt'], [''], ['x.d1\n']])(
    'refuses the trash name %j before sending anything',
    async (name) => {
      await expect(session.webdav.restoreFromTrash(name)).rejects.toMatchObject({ code: 'invalid_path' });
      expect(server.requests).toHaveLength(0);
    },
  );
});

describe('trash bin against the Nextcloud test double', () => {
  let issuer: TestIssuer;
  let nextcloud: DevNextcloud;
  let session: NextcloudSession;
  let other: NextcloudSession;

  const sessionFor = (sub: string, username: string) =>
    createNextcloudClient({ baseUrl: nextcloud.url }).session({
      subject: sub,
      getToken: async () => issuer.sign({ sub, aud: 'nextcloud', preferred_username: username }),
    });

  beforeAll(async () => {
    issuer = await startTestIssuer({ claims: {} });
    nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
    session = sessionFor('sub-trash', 'erin');
    other = sessionFor('sub-other', 'frank');
  }, 30_000);

  afterAll(async () => {
    await nextcloud?.close();
    await issuer?.close();
  });

  const trashNameOf = async (originalPath: string) =>
    (await session.webdav.listTrash()).find((e) => e.originalPath === originalPath)?.trashName ?? '';

  it('restores a deleted file to where it was, then to a "(restored)" name, then into the root', async () => {
    await session.webdav.mkcol('Tr ü #1');
    await session.webdav.put('Tr ü #1/a 100%.txt', 'first');
    await session.webdav.delete('Tr ü #1/a 100%.txt');
    const first = await trashNameOf('Tr ü #1/a 100%.txt');
    expect(first).toMatch(/^a 100%\.txt\.d\d+$/);

    const back = await session.webdav.restoreFromTrash(first);
    expect(back).toMatchObject({ entry: { name: 'a 100%.txt' }, restoredPath: 'Tr ü #1/a 100%.txt' });
    expect((await session.webdav.get('Tr ü #1/a 100%.txt')).content).toBe('first');

    await session.webdav.delete('Tr ü #1/a 100%.txt');
    const second = await trashNameOf('Tr ü #1/a 100%.txt');
    await session.webdav.put('Tr ü #1/a 100%.txt', 'new one');
    expect((await session.webdav.restoreFromTrash(second)).restoredPath).toBe(
      'Tr ü #1/a 100% (restored).txt',
    );

    await session.webdav.delete('Tr ü #1/a 100% (restored).txt');
    const third = await trashNameOf('Tr ü #1/a 100% (restored).txt');
    await session.webdav.delete('Tr ü #1');
    expect((await session.webdav.restoreFromTrash(third)).restoredPath).toBe('a 100% (restored).txt');
  });

  it('says not_found for a name that is not in the trash bin, and keeps users apart', async () => {
    await expect(session.webdav.restoreFromTrash('ghost.txt.d1795739101')).rejects.toMatchObject({
      code: 'not_found',
    });
    await session.webdav.put('mine.txt', 'mine');
    await session.webdav.delete('mine.txt');
    const name = await trashNameOf('mine.txt');
    expect((await other.webdav.listTrash()).map((e) => e.trashName)).not.toContain(name);
    await expect(other.webdav.restoreFromTrash(name)).rejects.toMatchObject({ code: 'not_found' });
  });
});
