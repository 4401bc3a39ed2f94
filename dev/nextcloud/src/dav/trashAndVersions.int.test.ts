import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient } from '../testing/ncClient.js';

let issuer: TestIssuer;
let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;
let alice: string;
let bob: string;
let clockMs = Date.parse('2026-11-27T00:00:00Z');
const tick = () => {
  clockMs += 1000;
};
const now = () => Math.floor(clockMs / 1000);

const FILES = '/remote.php/dav/files/alice';
const TRASH = '/remote.php/dav/trashbin/alice/trash';
const RESTORE = '/remote.php/dav/trashbin/alice/restore';
const TRASH_PROPS =
  '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop>' +
  '<nc:trashbin-filename/><nc:trashbin-original-location/><nc:trashbin-deletion-time/><d:getcontentlength/><oc:fileid/><d:resourcetype/>' +
  '</d:prop></d:propfind>';
const VERSION_PROPS =
  '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:nc="http://nextcloud.org/ns"><d:prop>' +
  '<d:getcontentlength/><d:getlastmodified/><d:getetag/><nc:version-author/><nc:version-label/></d:prop></d:propfind>';

const hrefs = (xml: string): string[] =>
  [...xml.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => m[1] ?? '');
const fileId = async (path: string): Promise<string> => {
  const response = await call('PROPFIND', `${FILES}/${path}`, {
    token: alice,
    headers: { Depth: '0' },
    body: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>',
  });
  return /<oc:fileid>(\d+)<\/oc:fileid>/.exec(response.text)?.[1] ?? '';
};
const put = (path: string, body: string) => call('PUT', `${FILES}/${path}`, { token: alice, body });
const get = async (path: string) => (await call('GET', `${FILES}/${path}`, { token: alice })).text;
const restoreItem = (name: string) =>
  call('MOVE', `${TRASH}/${name}`, { token: alice, headers: { Destination: `${nc.url}${RESTORE}/${name}` } });

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  nc = await startDevNextcloud({ issuer: issuer.issuer, clock: () => clockMs });
  call = ncClient(nc.url);
  alice = await issuer.sign({ sub: 'sub-alice', preferred_username: 'alice' });
  bob = await issuer.sign({ sub: 'sub-bob', preferred_username: 'bob' });
}, 30_000);

afterAll(async () => {
  await nc?.close();
  await issuer?.close();
});

describe('the trash bin', () => {
  it('keeps a deleted file as <name>.d<time>, newest first, with its original location and file id', async () => {
    await call('MKCOL', `${FILES}/Docs`, { token: alice });
    await put('Docs/a%20b.txt', 'first');
    const id = await fileId('Docs/a%20b.txt');
    tick();
    expect((await call('DELETE', `${FILES}/Docs/a%20b.txt`, { token: alice })).status).toBe(204);
    const deletedAt = now();
    tick();
    await put('older.txt', 'x');
    tick();
    await call('DELETE', `${FILES}/older.txt`, { token: alice });

    const listing = await call('PROPFIND', `${TRASH}/`, {
      token: alice,
      headers: { Depth: '1' },
      body: TRASH_PROPS,
    });
    expect(listing.status).toBe(207);
    expect(hrefs(listing.text)).toEqual([
      `${TRASH}/`,
      `${TRASH}/older.txt.d${now()}`,
      `${TRASH}/a%20b.txt.d${deletedAt}`,
    ]);
    expect(listing.text).toContain(
      `<nc:trashbin-filename>a b.txt</nc:trashbin-filename><nc:trashbin-original-location>Docs/a b.txt</nc:trashbin-original-location><nc:trashbin-deletion-time>${deletedAt}</nc:trashbin-deletion-time><d:getcontentlength>5</d:getcontentlength><oc:fileid>${id}</oc:fileid>`,
    );
    expect((await call('GET', `${FILES}/Docs/a%20b.txt`, { token: alice })).status).toBe(404);
  });

  it('restores to the original folder with the same file id (201), and then no longer has the item (404)', async () => {
    await put('Docs/back.txt', 'back');
    const id = await fileId('Docs/back.txt');
    tick();
    await call('DELETE', `${FILES}/Docs/back.txt`, { token: alice });
    const name = `back.txt.d${now()}`;
    expect((await restoreItem(name)).status).toBe(201);
    expect(await get('Docs/back.txt')).toBe('back');
    expect(await fileId('Docs/back.txt')).toBe(id);
    expect((await restoreItem(name)).status).toBe(404);
  });

  it('renames a restore whose name is taken and restores into the root when the folder is gone', async () => {
    await call('MKCOL', `${FILES}/Gone`, { token: alice });
    await put('Gone/r.txt', 'one');
    tick();
    await call('DELETE', `${FILES}/Gone/r.txt`, { token: alice });
    const first = `r.txt.d${now()}`;
    await put('Gone/r.txt', 'two');
    tick();
    await call('DELETE', `${FILES}/Gone/r.txt`, { token: alice });
    const second = `r.txt.d${now()}`;
    await put('Gone/r.txt', 'three');

    expect((await restoreItem(first)).status).toBe(201);
    expect(await get('Gone/r%20(restored).txt')).toBe('one');
    await call('DELETE', `${FILES}/Gone`, { token: alice });
    expect((await restoreItem(second)).status).toBe(201);
    expect(await get('r.txt')).toBe('two');
  });

  it('deletes one item, then everything, for good; refuses a restore outside restore/', async () => {
    await put('bye.txt', 'bye');
    tick();
    await call('DELETE', `${FILES}/bye.txt`, { token: alice });
    const name = `bye.txt.d${now()}`;
    const outside = await call('MOVE', `${TRASH}/${name}`, {
      token: alice,
      headers: { Destination: `${nc.url}${FILES}/stolen.txt` },
    });
    expect(outside.status).toBe(403);
    expect((await call('DELETE', `${TRASH}/${name}`, { token: alice })).status).toBe(204);
    expect((await call('DELETE', `${TRASH}/${name}`, { token: alice })).status).toBe(404);
    expect((await call('DELETE', `${TRASH}/`, { token: alice })).status).toBe(204);
    const listing = await call('PROPFIND', `${TRASH}/`, {
      token: alice,
      headers: { Depth: '1' },
      body: TRASH_PROPS,
    });
    expect(hrefs(listing.text)).toEqual([`${TRASH}/`]);
  });
});

describe('file versions', () => {
  it('keeps each replaced content under its mtime, one per second, and lists the current one last', async () => {
    const t1 = now();
    await put('v.txt', 'one');
    await put('v.txt', 'one, same second');
    tick();
    await put('v.txt', 'two');
    tick();
    await put('v.txt', 'three!');
    const id = await fileId('v.txt');
    const base = `/remote.php/dav/versions/alice/versions/${id}`;
    const listing = await call('PROPFIND', base, {
      token: alice,
      headers: { Depth: '1' },
      body: VERSION_PROPS,
    });
    expect(listing.status).toBe(207);
    expect(hrefs(listing.text)).toEqual([
      `${base}/`,
      `${base}/${t1}`,
      `${base}/${t1 + 1}`,
      `${base}/${t1 + 2}`,
    ]);
    expect([...listing.text.matchAll(/<d:getcontentlength>(\d+)</g)].map((m) => m[1])).toEqual([
      '16',
      '3',
      '6',
    ]);
    expect(listing.text).toContain(
      `<d:getetag>${t1}</d:getetag><nc:version-author>alice</nc:version-author>`,
    );
    expect(listing.text).toContain(
      '<d:propstat><d:prop><nc:version-label/></d:prop><d:status>HTTP/1.1 404 Not Found',
    );
  });

  it('restores a version by MOVE to restore/target: old content, its mtime, the current one kept as a version', async () => {
    const t1 = now();
    await put('w.txt', 'old');
    tick();
    await put('w.txt', 'new');
    const id = await fileId('w.txt');
    const base = `/remote.php/dav/versions/alice/versions/${id}`;
    const before = (await call('GET', `${FILES}/w.txt`, { token: alice })).headers.etag;
    const moved = await call('MOVE', `${base}/${t1}`, {
      token: alice,
      headers: { Destination: `${nc.url}/remote.php/dav/versions/alice/restore/target` },
    });
    expect(moved.status).toBe(201);
    const after = await call('GET', `${FILES}/w.txt`, { token: alice });
    expect(after.text).toBe('old');
    expect(after.headers.etag).not.toBe(before);
    expect(after.headers['last-modified']).toBe(new Date(t1 * 1000).toUTCString());
    const listing = await call('PROPFIND', base, {
      token: alice,
      headers: { Depth: '1' },
      body: VERSION_PROPS,
    });
    expect(hrefs(listing.text)).toEqual([`${base}/`, `${base}/${t1}`, `${base}/${t1 + 1}`]);
    expect((await call('GET', `${base}/${t1 + 1}`, { token: alice })).text).toBe('new');
    expect(
      (
        await call('MOVE', `${base}/12345`, {
          token: alice,
          headers: { Destination: '/remote.php/dav/versions/alice/restore/target' },
        })
      ).status,
    ).toBe(404);
  });

  it('keeps versions through the trash bin', async () => {
    await put('kept.txt', 'a');
    tick();
    await put('kept.txt', 'b');
    const id = await fileId('kept.txt');
    const base = `/remote.php/dav/versions/alice/versions/${id}`;
    tick();
    await call('DELETE', `${FILES}/kept.txt`, { token: alice });
    expect((await call('PROPFIND', base, { token: alice, headers: { Depth: '1' } })).status).toBe(404);
    expect((await restoreItem(`kept.txt.d${now()}`)).status).toBe(201);
    const listing = await call('PROPFIND', base, {
      token: alice,
      headers: { Depth: '1' },
      body: VERSION_PROPS,
    });
    expect(hrefs(listing.text)).toHaveLength(3);
  });
});

describe('another user', () => {
  it("cannot reach alice's trash bin or versions (403), nor her file ids from his own versions home (404)", async () => {
    await put('private.txt', 'alice only');
    const id = await fileId('private.txt');
    expect((await call('PROPFIND', `${TRASH}/`, { token: bob, headers: { Depth: '1' } })).status).toBe(403);
    expect(
      (
        await call('PROPFIND', `/remote.php/dav/versions/alice/versions/${id}`, {
          token: bob,
          headers: { Depth: '1' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('PROPFIND', `/remote.php/dav/versions/bob/versions/${id}`, {
          token: bob,
          headers: { Depth: '1' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('MOVE', `/remote.php/dav/trashbin/bob/trash/private.txt.d1`, {
          token: bob,
          headers: { Destination: '/remote.php/dav/trashbin/bob/restore/x' },
        })
      ).status,
    ).toBe(404);
  });
});
