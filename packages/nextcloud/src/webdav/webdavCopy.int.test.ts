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

describe('webdav COPY against the recorded server', () => {
  let server: ReplayServer;
  let router: Router;
  let session: NextcloudSession;

  beforeEach(async () => {
    router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(UID));
    server = await startReplayServer((request) => router.route(request));
    session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('sub', 'tok'));
  });
  afterEach(() => server.close());

  const davRequests = () => server.requests.filter((r) => !r.url.startsWith('/ocs/'));

  it('COPYs with an absolute encoded Destination and Overwrite F unless asked (webdav/037)', async () => {
    router.on('COPY', `${FILES}/Docs/hello.txt`, reply('webdav/037'));
    await session.webdav.copy('Docs/hello.txt', 'Docs/my copy #1 100%.txt');
    await session.webdav.copy('/Docs/hello.txt', 'Docs/x.txt', { overwrite: true });
    const [first, second] = davRequests();
    expect(first?.method).toBe('COPY');
    expect(first?.headers.destination).toBe(`${server.baseUrl}${FILES}/Docs/my%20copy%20%231%20100%25.txt`);
    expect(first?.headers.overwrite).toBe('F');
    expect(first?.headers.authorization).toBe('Bearer tok');
    expect(second?.headers.overwrite).toBe('T');
  });

  it('says whether an existing target was replaced (webdav/038)', async () => {
    router.on('COPY', `${FILES}/Docs/hello.txt`, reply('webdav/038'));
    expect(await session.webdav.copy('Docs/hello.txt', 'Docs/hello-copy.txt', { overwrite: true })).toEqual({
      replaced: true,
    });
  });

  it('maps an existing target with Overwrite F (webdav/039) to conflict 412 and a missing parent (webdav/041) to conflict 409', async () => {
    router.on('COPY', `${FILES}/Docs/hello.txt`, reply('webdav/039'));
    await expect(session.webdav.copy('Docs/hello.txt', 'Docs/hello-copy.txt')).rejects.toMatchObject({
      code: 'conflict',
      status: 412,
    });
    router.on('COPY', `${FILES}/Docs/hello.txt`, reply('webdav/041'));
    await expect(session.webdav.copy('Docs/hello.txt', 'Nope/x.txt')).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
  });

  it.each([
    ['../admin/x', 'Docs/x'],
    ['Docs/x', '%2e%2e/x'],
    ['', 'Docs/x'],
    ['Docs/x', '/'],
  ])('refuses to copy %j to %j before sending anything', async (from, to) => {
    await expect(session.webdav.copy(from, to)).rejects.toMatchObject({ code: 'invalid_path' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('webdav COPY against the Nextcloud test double', () => {
  let issuer: TestIssuer;
  let nextcloud: DevNextcloud;
  let session: NextcloudSession;

  beforeAll(async () => {
    issuer = await startTestIssuer({ claims: {} });
    nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
    session = createNextcloudClient({ baseUrl: nextcloud.url }).session({
      subject: 'sub-copy',
      getToken: async () => issuer.sign({ sub: 'sub-copy', aud: 'nextcloud', preferred_username: 'carol' }),
    });
  }, 30_000);

  afterAll(async () => {
    await nextcloud?.close();
    await issuer?.close();
  });

  it('copies a file, refuses to replace the copy unless asked, and replaces it with overwrite', async () => {
    await session.webdav.mkcol('Copies');
    await session.webdav.put('Copies/ünï #1.txt', 'one');
    expect(await session.webdav.copy('Copies/ünï #1.txt', 'Copies/copy 100%.txt')).toEqual({
      replaced: false,
    });
    expect((await session.webdav.get('Copies/copy 100%.txt')).content).toBe('one');

    await session.webdav.put('Copies/ünï #1.txt', 'two');
    await expect(session.webdav.copy('Copies/ünï #1.txt', 'Copies/copy 100%.txt')).rejects.toMatchObject({
      code: 'conflict',
      status: 412,
    });
    expect((await session.webdav.get('Copies/copy 100%.txt')).content).toBe('one');

    expect(
      await session.webdav.copy('Copies/ünï #1.txt', 'Copies/copy 100%.txt', { overwrite: true }),
    ).toEqual({ replaced: true });
    expect((await session.webdav.get('Copies/copy 100%.txt')).content).toBe('two');
    expect((await session.webdav.get('Copies/ünï #1.txt')).content).toBe('two');
  });

  it('copies a folder recursively and answers a missing destination parent with 409', async () => {
    await session.webdav.mkcol('Tree');
    await session.webdav.put('Tree/a.txt', 'a');
    await session.webdav.copy('Tree', 'Tree copy');
    expect((await session.webdav.get('Tree copy/a.txt')).content).toBe('a');
    await expect(session.webdav.copy('Tree/a.txt', 'Missing/a.txt')).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
    await expect(session.webdav.copy('Nothing.txt', 'Tree/n.txt')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
