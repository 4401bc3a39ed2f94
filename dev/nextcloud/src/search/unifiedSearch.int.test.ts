import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient, OCS_JSON } from '../testing/ncClient.js';

// Unified search behaviour around the recordings (search/): what a missing app and other users change.
let full: DevNextcloud;
let noNotes: DevNextcloud;
const alice: [string, string] = ['alice', 'pw'];
const bob: [string, string] = ['bob', 'pw'];

beforeAll(async () => {
  const appPasswords = { alice: 'pw', bob: 'pw' };
  full = await startDevNextcloud({ issuer: 'http://127.0.0.1:1', appPasswords });
  noNotes = await startDevNextcloud({ issuer: 'http://127.0.0.1:1', appPasswords, apps: { notes: false } });
}, 30_000);

afterAll(async () => {
  await full?.close();
  await noNotes?.close();
});

const data = (text: string) => (JSON.parse(text) as { ocs: { data: unknown } }).ocs.data;

describe('unified search in the double', () => {
  it('has no notes provider without the notes app, and answers it 996 like any unknown id', async () => {
    const call = ncClient(noNotes.url);
    const providers = await call('GET', '/ocs/v2.php/search/providers', { basic: alice, headers: OCS_JSON });
    expect((data(providers.text) as Array<{ id: string }>).map((p) => p.id)).toEqual(['files']);
    const notes = await call('GET', '/ocs/v2.php/search/providers/notes/search?term=x', {
      basic: alice,
      headers: OCS_JSON,
    });
    expect(notes.status).toBe(500);
    expect(JSON.parse(notes.text)).toMatchObject({ ocs: { meta: { statuscode: 996 } } });
  });

  it('searches only the caller’s own files and notes', async () => {
    const call = ncClient(full.url);
    await call('PUT', '/remote.php/dav/files/alice/walrus.txt', { basic: alice, body: 'x' });
    await call('POST', '/index.php/apps/notes/api/v1/notes', {
      basic: alice,
      headers: { 'Content-Type': 'application/json', 'OCS-APIRequest': 'true' },
      body: JSON.stringify({ title: 'Walrus facts', content: 'tusks' }),
    });
    for (const [user, files, notes] of [
      [alice, 1, 1],
      [bob, 0, 0],
    ] as const) {
      const found = await call('GET', '/ocs/v2.php/search/providers/files/search?term=walrus', {
        basic: user,
        headers: OCS_JSON,
      });
      // Alice's note is a file too (Notes/Walrus facts.md): two file matches for her.
      expect((data(found.text) as { entries: unknown[] }).entries).toHaveLength(files * 2);
      const noted = await call('GET', '/ocs/v2.php/search/providers/notes/search?term=tusks', {
        basic: user,
        headers: OCS_JSON,
      });
      expect((data(noted.text) as { entries: unknown[] }).entries).toHaveLength(notes);
    }
  });

  it('keeps handing out offset + limit as the cursor past the last match, as recorded (search/005)', async () => {
    const call = ncClient(full.url);
    const page = await call('GET', '/ocs/v2.php/search/providers/files/search?term=walrus&limit=5&cursor=5', {
      basic: alice,
      headers: OCS_JSON,
    });
    expect(data(page.text)).toEqual({ name: 'Files', isPaginated: true, entries: [], cursor: 10 });
  });
});
