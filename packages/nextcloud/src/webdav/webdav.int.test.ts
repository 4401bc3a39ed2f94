import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

// A user_oidc-style hashed uid: the client must use it, never a username.
const UID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const FILES = `/remote.php/dav/files/${UID}`;
const reply = (id: string) => fixtureReply(loadFixture(id), UID);

let server: ReplayServer;
let router: Router;
let session: NextcloudSession;

beforeEach(async () => {
  router = createRouter().on('GET', '/ocs/v2.php/cloud/user', cloudUserReply(UID));
  server = await startReplayServer((request) => router.route(request));
  session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('sub', 'dav-token'));
});
afterEach(() => server.close());

const davRequests = () => server.requests.filter((r) => !r.url.startsWith('/ocs/'));

describe('webdav', () => {
  it('PROPFINDs the encoded path under the uid from cloud/user and parses the unicode listing (webdav/034)', async () => {
    router.on('PROPFIND', `${FILES}/My%20Folder`, reply('webdav/034'));

    const entries = await session.webdav.propfind('/My Folder/');

    expect(entries.map((e) => e.path)).toEqual(['My Folder', 'My Folder/Ünïcödé café – 日本.txt']);
    const [request] = davRequests();
    expect(request?.method).toBe('PROPFIND');
    expect(request?.headers.depth).toBe('1');
    expect(request?.headers.authorization).toBe('Bearer dav-token');
    expect(request?.body).toContain('<oc:fileid/>');
  });

  it('lists the files root with Depth 0 when asked (webdav/017)', async () => {
    router.on('PROPFIND', `${FILES}/`, reply('webdav/017'));
    const entries = await session.webdav.propfind('', { depth: 0 });
    expect(entries[0]).toMatchObject({ path: '', type: 'folder' });
    expect(davRequests()[0]?.headers.depth).toBe('0');
  });

  it('PUTs a unicode file name percent-encoded and returns the unquoted etag (webdav/033)', async () => {
    const path = `${FILES}/My%20Folder/%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20caf%C3%A9%20%E2%80%93%20%E6%97%A5%E6%9C%AC.txt`;
    router.on('PUT', path, reply('webdav/033'));

    const result = await session.webdav.put('My Folder/Ünïcödé café – 日本.txt', 'unicode content ✓\n', {
      etag: 'c11133f13cc0f977d1f884592df6a9f9',
    });

    expect(result).toEqual({ created: true, etag: 'c11133f13cc0f977d1f884592df6a9f9' });
    const [request] = davRequests();
    expect(request?.body).toBe('unicode content ✓\n');
    expect(request?.headers['if-match']).toBe('"c11133f13cc0f977d1f884592df6a9f9"');
  });

  it('sends If-None-Match: * for createOnly and maps the 412 to conflict (webdav/013)', async () => {
    router.on('PUT', `${FILES}/Docs/hello.txt`, reply('webdav/013'));
    await expect(session.webdav.put('Docs/hello.txt', 'x\n', { createOnly: true })).rejects.toMatchObject({
      code: 'conflict',
      status: 412,
    });
    expect(davRequests()[0]?.headers['if-none-match']).toBe('*');
  });

  it('GETs a file with its etag and content type (webdav/026)', async () => {
    router.on('GET', `${FILES}/Docs/hello.txt`, reply('webdav/026'));
    expect(await session.webdav.get('Docs/hello.txt')).toEqual({
      content: 'Hello, Nextcloud! (v3)\n',
      etag: '2523b8ef976ecc538a59d0978c1dc8da',
      contentType: 'text/plain;charset=UTF-8',
    });
  });

  it('refuses to read a folder as a file (webdav/031)', async () => {
    router.on('GET', `${FILES}/Docs`, reply('webdav/031'));
    await expect(session.webdav.get('Docs')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('maps MKCOL on an existing folder to conflict (webdav/006) and a missing file to not_found (webdav/065)', async () => {
    router.on('MKCOL', `${FILES}/Docs`, reply('webdav/006'));
    router.on('DELETE', `${FILES}/Docs/moved.txt`, reply('webdav/065'));
    await expect(session.webdav.mkcol('Docs')).rejects.toMatchObject({ code: 'conflict', status: 405 });
    await expect(session.webdav.delete('Docs/moved.txt')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('MOVEs with an absolute encoded Destination and Overwrite F unless asked (webdav/042)', async () => {
    router.on('MOVE', `${FILES}/Docs/hello-copy.txt`, reply('webdav/042'));
    await session.webdav.move('Docs/hello-copy.txt', 'Docs/my moved.txt');
    await session.webdav.move('Docs/hello-copy.txt', 'Docs/x.txt', { overwrite: true });
    const [first, second] = davRequests();
    expect(first?.headers.destination).toBe(`${server.baseUrl}${FILES}/Docs/my%20moved.txt`);
    expect(first?.headers.overwrite).toBe('F');
    expect(second?.headers.overwrite).toBe('T');
  });

  it('SEARCHes the dav root scoped to the uid and parses the results (webdav/060)', async () => {
    router.on('SEARCH', '/remote.php/dav/', reply('webdav/060'));

    const entries = await session.webdav.search({ contentType: 'text/', limit: 2 });

    expect(entries.map((e) => e.path)).toEqual(['Renamed Folder/Ünïcödé café – 日本.txt', 'Docs/hello.txt']);
    const [request] = davRequests();
    expect(request?.body).toContain(`<d:href>/files/${UID}</d:href>`);
    expect(request?.body).toContain('<d:nresults>2</d:nresults>');
    expect(request?.headers.authorization).toBe('Bearer dav-token');
  });

  it('maps a server error during SEARCH to retryable unavailable (webdav/063)', async () => {
    router.on('SEARCH', '/remote.php/dav/', reply('webdav/063'));
    await expect(session.webdav.search({ nameContains: 'x' })).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      status: 500,
    });
  });

  it.each(['../admin', 'Docs/%2e%2e/%2e%2e/admin', 'Docs/..%2f..%2fevil.txt', 'a/../../b'])(
    'rejects the traversal %j before sending anything',
    async (path) => {
      await expect(session.webdav.put(path, 'evil')).rejects.toMatchObject({ code: 'invalid_path' });
      await expect(session.webdav.propfind(path)).rejects.toMatchObject({ code: 'invalid_path' });
      expect(server.requests).toHaveLength(0);
    },
  );

  it('refuses to delete or move the files root', async () => {
    await expect(session.webdav.delete('/')).rejects.toMatchObject({ code: 'invalid_path' });
    await expect(session.webdav.move('', 'x')).rejects.toMatchObject({ code: 'invalid_path' });
    expect(server.requests).toHaveLength(0);
  });
});
