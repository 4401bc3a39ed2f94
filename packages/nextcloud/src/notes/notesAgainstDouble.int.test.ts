import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';

// The Notes client against the test double with its contention behaviour on: a PUT holds the note
// file's lock for 200 ms (concurrent PUTs get 423, as on a real Nextcloud), and a create into a new
// category folder takes 100 ms (concurrent creates into that folder get a 500, as the real mkdir race).
let issuer: TestIssuer;
let nextcloud: DevNextcloud;
let logs: CapturedLogs;
let subjects = 0;

const NOTES = '/index.php/apps/notes/api/v1/notes';

function sessionFor(sub: string): NextcloudSession {
  return createNextcloudClient({ baseUrl: nextcloud.url }).session({
    subject: sub,
    getToken: async () => issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub }),
  });
}

/** A session of a user nobody else in this file uses, so each test starts with no notes. */
function freshUser(): { sub: string; session: NextcloudSession } {
  subjects += 1;
  const sub = `notes-user-${subjects}`;
  return { sub, session: sessionFor(sub) };
}

function statusesOf(method: string): number[] {
  return logs
    .records()
    .filter((record) => record.msg === 'request' && record.method === method)
    .map((record) => record.status as number);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  logs = captureLogs('dev-nextcloud');
  nextcloud = await startDevNextcloud({
    issuer: issuer.issuer,
    logger: logs.logger,
    contention: { putLockMs: 200, mkdirMs: 100 },
  });
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('listing many notes', () => {
  it('lists 250 notes in chunks as 250 notes, without the id-only entries of the last chunk', async () => {
    const { session } = freshUser();
    for (let i = 0; i < 250; i++) await session.notes.create({ title: `Note ${i}`, content: `${i}` });

    const notes = await session.notes.list({ excludeContent: true, chunkSize: 100 });

    expect(notes).toHaveLength(250);
    expect(new Set(notes.map((note) => note.id)).size).toBe(250);
    expect(notes.every((note) => note.title.startsWith('Note ') && note.etag !== '')).toBe(true);
  }, 120_000);

  it('lists 250 notes of one category as 250 notes', async () => {
    const { session } = freshUser();
    for (let i = 0; i < 250; i++) {
      await session.notes.create({ title: `Work ${i}`, content: `${i}`, category: 'Work' });
    }
    for (let i = 0; i < 5; i++) await session.notes.create({ title: `Home ${i}`, category: 'Home' });

    const notes = await session.notes.list({ category: 'Work', excludeContent: true, chunkSize: 100 });

    expect(notes).toHaveLength(250);
    expect(new Set(notes.map((note) => note.id)).size).toBe(250);
    expect(notes.every((note) => note.category === 'Work' && note.title.startsWith('Work '))).toBe(true);
  }, 120_000);
});

describe('contention', () => {
  it('retries an update that met a locked note (423) and then writes it', async () => {
    const { sub, session } = freshUser();
    const note = await session.notes.create({ title: 'Locked', content: 'v0' });
    const before = statusesOf('PUT').filter((status) => status === 423).length;

    // Another client's PUT takes the note's lock; the update arrives while it is held.
    const other = fetch(`${nextcloud.url}${NOTES}/${note.id}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${await issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub })}`,
        'OCS-APIRequest': 'true',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ favorite: true }),
    });
    await until(() => logs.text().includes('"msg":"note file locked"'));
    const updated = await session.notes.update(note.id, { content: 'v1' }, {});

    expect((await other).status).toBe(200);
    expect(updated.content).toBe('v1');
    expect((await session.notes.get(note.id)).content).toBe('v1');
    expect(statusesOf('PUT').filter((status) => status === 423).length).toBeGreaterThan(before);
  }, 30_000);

  it('lets concurrent appends to one note all succeed without losing text', async () => {
    const { session } = freshUser();
    const note = await session.notes.create({ title: 'Log', content: 'start' });
    const before = statusesOf('PUT').filter((status) => status === 423).length;

    const lines = ['alpha', 'bravo', 'charlie'];
    await Promise.all(lines.map((line) => session.notes.append(note.id, line)));

    const content = (await session.notes.get(note.id)).content ?? '';
    expect(content.startsWith('start\n')).toBe(true);
    expect(content.split('\n').sort()).toEqual(['alpha', 'bravo', 'charlie', 'start']);
    expect(statusesOf('PUT').filter((status) => status === 423).length).toBeGreaterThan(before);
  }, 60_000);

  it('retries a create that lost the race to make a new category folder (500 once)', async () => {
    const { session } = freshUser();
    const before = statusesOf('POST').filter((status) => status === 500).length;

    const created = await Promise.all(
      ['one', 'two', 'three'].map((title) => session.notes.create({ title, category: 'Fresh/Folder' })),
    );

    expect(created.map((note) => note.category)).toEqual(['Fresh/Folder', 'Fresh/Folder', 'Fresh/Folder']);
    const listed = await session.notes.list({ category: 'Fresh/Folder' });
    expect(listed.map((note) => note.title).sort()).toEqual(['one', 'three', 'two']);
    expect(statusesOf('POST').filter((status) => status === 500).length).toBeGreaterThan(before);
  }, 30_000);
});
