/**
 * Notes behaviour of a real Nextcloud 34 that the recorded fixtures do NOT contain (shared/nextcloud-fixtures
 * has no exchange for title/category cleaning, dot-files, unquoted If-Match, the 100-character cut, large
 * bodies, the `{id}` tail of a multi-chunk list, 423 Locked or the mkdir race). They were seen on a real
 * server and are written down in shared/docs/REFERENCE.md ("Notes API"); this suite holds the double to
 * them, in the recorded shapes where a recording shows the shape (412 body = current note, notes/019).
 */
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient } from '../testing/ncClient.js';

interface NoteJson {
  id: number;
  title?: string;
  category?: string;
  etag?: string;
  content?: string;
}

const NOTES = '/index.php/apps/notes/api/v1/notes';
const JSON_BODY = { 'Content-Type': 'application/json' };
const logs = captureLogs('dev-nextcloud');
let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;
let users = 0;

beforeAll(async () => {
  const appPasswords = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`user${i}`, 'pw']));
  nc = await startDevNextcloud({
    issuer: 'http://127.0.0.1:1',
    appPasswords,
    logger: logs.logger,
    contention: { putLockMs: 300, mkdirMs: 300 },
  });
  call = ncClient(nc.url);
}, 30_000);

afterAll(async () => {
  await nc.close();
});

/** A user of its own for each test: the assertions never see another test's notes. */
function newUser(): [string, string] {
  users += 1;
  return [`user${users}`, 'pw'];
}

async function create(basic: [string, string], fields: Record<string, unknown>): Promise<NoteJson> {
  const response = await call('POST', NOTES, { basic, headers: JSON_BODY, body: JSON.stringify(fields) });
  expect(response.status).toBe(200);
  return JSON.parse(response.text) as NoteJson;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('Notes: cleaning as on a real Nextcloud 34 (REFERENCE.md; not recorded)', () => {
  it.each([
    ['../../escape', 'escape'],
    ['..', 'New note'],
    ['.hidden', 'hidden'],
    ['line1\nline2', 'line1'],
    ['tab\there', 'tab here'],
    ['#heading', '#heading'],
    ['a:b*c?', 'abc'],
  ])('cleans the title %j to %j', async (title, expected) => {
    const basic = newUser();
    const note = await create(basic, { title, content: 'x' });
    expect(note.title).toBe(expected);
    expect(note.content).toBe('x');
  });

  it('cuts a title at 100 characters (code points, not bytes)', async () => {
    const basic = newUser();
    const ascii = await create(basic, { title: 'a'.repeat(150) });
    expect(ascii.title).toBe('a'.repeat(100));
    const multibyte = await create(basic, { title: '€'.repeat(150) });
    expect(multibyte.title).toBe('€'.repeat(100));
  });

  it.each([
    ['.hidden', 'hidden'],
    ['a:b', 'ab'],
    ['.hidden/a:b', 'hidden/ab'],
  ])('cleans the category %j to %j', async (category, expected) => {
    const basic = newUser();
    const note = await create(basic, { title: 'T', category });
    expect(note.category).toBe(expected);
  });

  it('lists a note whose file name starts with a dot', async () => {
    const basic = newUser();
    await call('GET', NOTES, { basic }); // makes the Notes folder, as on a fresh account (notes/001)
    const put = await call('PUT', `/remote.php/dav/files/${basic[0]}/Notes/.dotted.md`, { basic, body: 'x' });
    expect(put.status).toBe(201);
    const list = JSON.parse((await call('GET', NOTES, { basic })).text) as NoteJson[];
    expect(list.map((note) => note.title)).toEqual(['.dotted']);
  });
});

describe('Notes: If-Match (REFERENCE.md; quoted form recorded in notes/018, 019)', () => {
  it('answers an UNQUOTED If-Match with the current etag with 412 and the current note', async () => {
    const basic = newUser();
    const note = await create(basic, { title: 'Guarded', content: 'v0' });
    const unquoted = await call('PUT', `${NOTES}/${note.id}`, {
      basic,
      headers: { ...JSON_BODY, 'If-Match': note.etag ?? '' },
      body: '{"content":"v1"}',
    });
    expect(unquoted.status).toBe(412);
    expect(JSON.parse(unquoted.text)).toMatchObject({ id: note.id, etag: note.etag, content: 'v0' });
    const quoted = await call('PUT', `${NOTES}/${note.id}`, {
      basic,
      headers: { ...JSON_BODY, 'If-Match': `"${note.etag}"` },
      body: '{"content":"v1"}',
    });
    expect(quoted.status).toBe(200);
  });
});

describe('Notes: large content (REFERENCE.md: 1,000,000 characters)', () => {
  it('accepts 1,000,000 multibyte characters as JSON and as a form', async () => {
    const basic = newUser();
    // The tools allow 1,000,000 UTF-16 units; three-byte characters make the largest bodies of that.
    const content = '€'.repeat(1_000_000);
    const note = await create(basic, { title: 'Big', content });
    expect(note.content).toBe(content);
    const form = await call('POST', NOTES, {
      basic,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'Big form', content }).toString(),
    });
    expect(form.status).toBe(200);
    expect((JSON.parse(form.text) as NoteJson).content).toBe(content);
  }, 60_000);
});

describe('Notes: the last chunk of a list (REFERENCE.md)', () => {
  it('sends the remaining notes in full first, then {id} for every note of the earlier chunks', async () => {
    const basic = newUser();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(basic, { title: `N${i}` })).id);
    const first = await call('GET', `${NOTES}?chunkSize=3`, { basic });
    const cursor = first.headers['x-notes-chunk-cursor'] ?? '';
    const last = await call('GET', `${NOTES}?chunkSize=3&chunkCursor=${encodeURIComponent(cursor)}`, {
      basic,
    });
    const body = JSON.parse(last.text) as NoteJson[];
    expect(body.map((entry) => Object.keys(entry).length > 1)).toEqual([true, true, false, false, false]);
    expect(body.slice(2)).toEqual(ids.slice(0, 3).map((id) => ({ id })));
  });
});

describe('Notes: contention (REFERENCE.md; the `contention` option)', () => {
  it('answers a PUT to a note another PUT is writing with 423 Locked, over the Notes API and WebDAV', async () => {
    const basic = newUser();
    const note = await create(basic, { title: 'Busy', content: 'v0' });
    const first = call('PUT', `${NOTES}/${note.id}`, { basic, headers: JSON_BODY, body: '{"content":"v1"}' });
    await until(() => logs.records().some((r) => r.msg === 'note file locked' && r.fileId === note.id));

    const second = await call('PUT', `${NOTES}/${note.id}`, {
      basic,
      headers: JSON_BODY,
      body: '{"content":"v2"}',
    });
    const dav = await call('PUT', `/remote.php/dav/files/${basic[0]}/Notes/Busy.md`, { basic, body: 'v3' });

    expect(second.status).toBe(423);
    expect(dav.status).toBe(423);
    expect(dav.text).toContain('FileLocked');
    expect((await first).status).toBe(200);
    expect((JSON.parse((await call('GET', `${NOTES}/${note.id}`, { basic })).text) as NoteJson).content).toBe(
      'v1',
    );
  }, 30_000);

  it('answers a create into a category folder another create is making with 500, and later ones with 200', async () => {
    const basic = newUser();
    const first = call('POST', NOTES, { basic, headers: JSON_BODY, body: '{"title":"a","category":"New"}' });
    await until(() =>
      logs.records().some((r) => r.msg === 'category folder being made' && r.uid === basic[0]),
    );
    const second = await call('POST', NOTES, {
      basic,
      headers: JSON_BODY,
      body: '{"title":"b","category":"New"}',
    });
    expect(second.status).toBe(500);
    expect((await first).status).toBe(200);
    const third = await call('POST', NOTES, {
      basic,
      headers: JSON_BODY,
      body: '{"title":"b","category":"New"}',
    });
    expect(third.status).toBe(200);
    expect((JSON.parse(third.text) as NoteJson).category).toBe('New');
  }, 30_000);
});
