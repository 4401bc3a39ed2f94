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
const FILES = `/remote.php/dav/files/${UID}`;
const reply = (id: string) => fixtureReply(loadFixture(id), UID);

describe('favorite against the recorded server', () => {
  let server: ReplayServer;
  let router: Router;
  let session: NextcloudSession;

  beforeEach(async () => {
    router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(UID));
    server = await startReplayServer((request) => router.route(request));
    session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('sub', 'tok'));
  });
  afterEach(() => server.close());

  it('PROPPATCHes oc:favorite 1 and 0 on the encoded path under the discovered uid (webdav/049, 057)', async () => {
    router.on('PROPPATCH', `${FILES}/Docs/hello%20%231.txt`, reply('webdav/049'));
    router.on('PROPPATCH', `${FILES}/Docs`, reply('webdav/057'));
    await session.webdav.setFavorite('/Docs/hello #1.txt', true);
    await session.webdav.setFavorite('Docs/', false);
    const [set, clear] = server.requests.filter((r) => r.method === 'PROPPATCH');
    expect(set?.body).toContain('<oc:favorite>1</oc:favorite>');
    expect(set?.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(clear?.body).toContain('<oc:favorite>0</oc:favorite>');
  });

  it('reports a refused property (a 207 with a 403 propstat) as forbidden', async () => {
    const refused = reply('webdav/053');
    router.on('PROPPATCH', `${FILES}/Docs/hello.txt`, {
      ...refused,
      body: refused.body?.replace('<oc:fileid/>', '<oc:favorite/>'),
    });
    await expect(session.webdav.setFavorite('Docs/hello.txt', true)).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });

  it('refuses the root and traversal before sending anything', async () => {
    await expect(session.webdav.setFavorite('/', true)).rejects.toMatchObject({ code: 'invalid_path' });
    await expect(session.webdav.setFavorite('../x', true)).rejects.toMatchObject({ code: 'invalid_path' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('favorite against the Nextcloud test double', () => {
  let issuer: TestIssuer;
  let nextcloud: DevNextcloud;
  let session: NextcloudSession;

  beforeAll(async () => {
    issuer = await startTestIssuer({ claims: {} });
    nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
    session = createNextcloudClient({ baseUrl: nextcloud.url }).session({
      subject: 'sub-fav',
      getToken: async () => issuer.sign({ sub: 'sub-fav', aud: 'nextcloud', preferred_username: 'dora' }),
    });
  }, 30_000);

  afterAll(async () => {
    await nextcloud?.close();
    await issuer?.close();
  });

  it('sets and clears the flag idempotently, visible in the listing; a missing file is not_found', async () => {
    await session.webdav.mkcol('Fav ü');
    await session.webdav.put('Fav ü/a #1 100%.txt', 'a');
    await session.webdav.setFavorite('Fav ü/a #1 100%.txt', true);
    await session.webdav.setFavorite('Fav ü/a #1 100%.txt', true);
    await session.webdav.setFavorite('Fav ü', true);
    const listed = await session.webdav.propfind('Fav ü');
    expect(listed.map((e) => [e.path, e.favorite])).toEqual([
      ['Fav ü', true],
      ['Fav ü/a #1 100%.txt', true],
    ]);
    await session.webdav.setFavorite('Fav ü/a #1 100%.txt', false);
    expect((await session.webdav.propfind('Fav ü/a #1 100%.txt', { depth: 0 }))[0]?.favorite).toBe(false);
    await expect(session.webdav.setFavorite('Fav ü/nope.txt', true)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
