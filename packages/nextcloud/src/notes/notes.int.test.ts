import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { isNextcloudError } from '../errors.js';
import { loadFixture } from '../testing/fixtures.js';
import {
  createRouter,
  fixtureReply,
  type ReplayServer,
  type Router,
  startReplayServer,
} from '../testing/replayServer.js';
import { staticTokenSource } from '../testing/tokenSources.js';

const NOTES = '/index.php/apps/notes/api/v1/notes';
const reply = (id: string) => fixtureReply(loadFixture(id));

let server: ReplayServer;
let router: Router;
let session: NextcloudSession;

beforeEach(async () => {
  router = createRouter();
  server = await startReplayServer((request) => router.route(request));
  session = createNextcloudClient({ baseUrl: server.baseUrl }).session(
    staticTokenSource('sub', 'notes-token'),
  );
});
afterEach(() => server.close());

describe('notes', () => {
  it('lists notes with OCS-APIRequest, Accept JSON and the bearer token (notes/008)', async () => {
    router.on('GET', NOTES, reply('notes/008'));

    const notes = await session.notes.list();

    expect(notes.map((n) => n.id)).toEqual([339, 342, 343, 344, 346]);
    expect(notes[1]).toEqual({
      id: 342,
      etag: '1d71b12fca5e7d929bd100f3b26b5fbb',
      readonly: false,
      modified: 1795739111,
      title: 'Project plan',
      category: 'Work/Projects',
      content: 'Milestones:\n1. record fixtures\n2. build fake server\n',
      favorite: true,
    });
    const [request] = server.requests;
    expect(request?.headers['ocs-apirequest']).toBe('true');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer notes-token');
  });

  it('filters by a normalised category and can leave out content (notes/011)', async () => {
    router.on('GET', NOTES, reply('notes/011'));
    const notes = await session.notes.list({ category: '/Work//Projects/', excludeContent: true });
    expect(notes.map((n) => n.title)).toEqual(['Project plan']);
    expect(server.requests[0]?.url).toBe(`${NOTES}?category=Work%2FProjects&exclude=content`);
  });

  it('rejects a category that escapes the notes folder before sending anything', async () => {
    await expect(session.notes.list({ category: 'Work/../../..' })).rejects.toMatchObject({
      code: 'invalid_path',
    });
    await expect(session.notes.create({ title: 'x', category: '%2e%2e/x' })).rejects.toMatchObject({
      code: 'invalid_path',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('follows X-Notes-Chunk-Cursor until no cursor is left (notes/013, 014)', async () => {
    const last = { status: 200, headers: { 'Content-Type': 'application/json' }, body: '[]' };
    router.on('GET', NOTES, reply('notes/013'), reply('notes/014'), last);

    const notes = await session.notes.list({ chunkSize: 2 });

    expect(notes.map((n) => n.id)).toEqual([339, 342, 343, 344]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `${NOTES}?chunkSize=2`,
      `${NOTES}?chunkSize=2&chunkCursor=1795739112-1795739111-342`,
      `${NOTES}?chunkSize=2&chunkCursor=1795739112-1795739111-344`,
    ]);
  });

  it('drops the {id}-only entries of the last chunk and lists each note once (notes/013, 014, 012)', async () => {
    // The last chunk: the remaining note in full, then {id} for every note of the earlier chunks, in the
    // shape of notes/012 (the real server's id-only entries).
    const full = JSON.parse(loadFixture('notes/008').response.body) as Array<{ id: number }>;
    const last = {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        full.find((note) => note.id === 346),
        ...[339, 342, 343, 344].map((id) => ({ id })),
      ]),
    };
    router.on('GET', NOTES, reply('notes/013'), reply('notes/014'), last);

    const notes = await session.notes.list({ chunkSize: 2 });

    expect(notes.map((n) => n.id)).toEqual([339, 342, 343, 344, 346]);
    expect(notes.every((n) => n.title !== '' && n.etag !== '')).toBe(true);
  });

  it('keeps notes listed without content and etag (notes/010) and a note that came twice once', async () => {
    const excluded = JSON.parse(loadFixture('notes/010').response.body) as Array<Record<string, unknown>>;
    router.on('GET', NOTES, {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([...excluded, excluded[0]]),
    });
    const notes = await session.notes.list({ excludeContent: true });
    expect(notes.map((n) => n.id)).toEqual(excluded.map((note) => note.id));
  });

  it('refuses a title with control characters before sending anything', async () => {
    for (const title of ['nul\u0000byte', 'line1\nline2', 'tab\there', 'del\u007f']) {
      const error = await session.notes.create({ title, content: 'x' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'bad_request' });
      expect((error as Error).message).toMatch(/^Invalid title: control characters/);
      await expect(session.notes.update(1, { title }, {})).rejects.toMatchObject({ code: 'bad_request' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('retries an update that met a locked note (423) and reports a lasting lock as locked', async () => {
    const locked = { status: 423, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    router.on('PUT', `${NOTES}/339`, locked, locked, reply('notes/018'));
    const note = await session.notes.update(
      339,
      { content: 'x' },
      { etag: 'abe69cb15036e962870767d38c878765' },
    );
    expect(note.etag).toBe('650d8b2babbecd1d961a854d2639a235');
    expect(server.requests).toHaveLength(3);

    router.on('PUT', `${NOTES}/339`, locked);
    await expect(session.notes.update(339, { content: 'x' }, {})).rejects.toMatchObject({
      code: 'locked',
      retryable: true,
      status: 423,
      item: 'note',
    });
    expect(server.requests).toHaveLength(6);
  });

  it('retries a create into a category once after a 500, and never a create without one', async () => {
    const failed = { status: 500, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    router.on('POST', NOTES, failed, reply('notes/004'));
    const note = await session.notes.create({ title: 'Project plan', category: 'Work/Projects' });
    expect(note.category).toBe('Work/Projects');
    expect(server.requests).toHaveLength(2);

    router.on('POST', NOTES, failed);
    await expect(session.notes.create({ title: 'Project plan', category: 'New' })).rejects.toMatchObject({
      code: 'unavailable',
      status: 500,
    });
    await expect(session.notes.create({ title: 'No category' })).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(5);
  });

  it('sends an etag given with quotes quoted once', async () => {
    router.on('PUT', `${NOTES}/339`, reply('notes/018'));
    await session.notes.update(339, { content: 'x' }, { etag: '"abe69cb15036e962870767d38c878765"' });
    expect(server.requests[0]?.headers['if-match']).toBe('"abe69cb15036e962870767d38c878765"');
  });

  it('gets one note (notes/015) and maps a missing one to not_found (notes/024)', async () => {
    router.on('GET', `${NOTES}/339`, reply('notes/015'));
    router.on('GET', `${NOTES}/999999`, reply('notes/024'));
    expect(await session.notes.get(339)).toMatchObject({ id: 339, etag: 'abe69cb15036e962870767d38c878765' });
    await expect(session.notes.get(999999)).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('searches title and content case-insensitively on the client', async () => {
    router.on('GET', NOTES, reply('notes/008'));
    const found = await session.notes.search('MILK');
    expect(found.map((n) => n.title)).toEqual(['Shopping list']);
  });

  it('creates a note from a JSON body (notes/003)', async () => {
    router.on('POST', NOTES, reply('notes/003'));
    const note = await session.notes.create({
      title: 'Shopping list',
      content: '# Shopping list',
      category: '/',
    });
    expect(note.id).toBe(339);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      title: 'Shopping list',
      content: '# Shopping list',
      category: '',
    });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('updates with a quoted If-Match (notes/018)', async () => {
    router.on('PUT', `${NOTES}/339`, reply('notes/018'));
    const note = await session.notes.update(
      339,
      { content: 'x' },
      { etag: 'abe69cb15036e962870767d38c878765' },
    );
    expect(note.etag).toBe('650d8b2babbecd1d961a854d2639a235');
    expect(server.requests[0]?.headers['if-match']).toBe('"abe69cb15036e962870767d38c878765"');
    expect(server.requests[0]?.headers['ocs-apirequest']).toBe('true');
  });

  it('turns a stale If-Match into a conflict carrying the current note (notes/019)', async () => {
    router.on('PUT', `${NOTES}/339`, reply('notes/019'));
    let caught: unknown;
    try {
      await session.notes.update(
        339,
        { content: 'lost update' },
        { etag: 'abe69cb15036e962870767d38c878765' },
      );
    } catch (error) {
      caught = error;
    }
    expect(isNextcloudError(caught, 'conflict')).toBe(true);
    expect(caught).toMatchObject({
      status: 412,
      retryable: false,
      current: {
        id: 339,
        etag: '650d8b2babbecd1d961a854d2639a235',
        content: '# Shopping list\n\n- milk\n- bread\n- eggs\n',
      },
    });
  });

  it('appends on top of the note that won the race, with its etag', async () => {
    router.on('GET', `${NOTES}/339`, reply('notes/015'));
    router.on('PUT', `${NOTES}/339`, reply('notes/019'), reply('notes/018'));

    const note = await session.notes.append(339, '- butter');

    expect(note.etag).toBe('650d8b2babbecd1d961a854d2639a235');
    const puts = server.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.headers['if-match'])).toEqual([
      '"abe69cb15036e962870767d38c878765"',
      '"650d8b2babbecd1d961a854d2639a235"',
    ]);
    expect(JSON.parse(puts[0]?.body ?? '').content).toBe('# Shopping list\n\n- milk\n- bread\n- butter');
    expect(JSON.parse(puts[1]?.body ?? '').content).toBe(
      '# Shopping list\n\n- milk\n- bread\n- eggs\n- butter',
    );
  });

  it('gives up appending after five lost races with a conflict', async () => {
    router.on('GET', `${NOTES}/339`, reply('notes/015'));
    router.on('PUT', `${NOTES}/339`, reply('notes/019'));
    await expect(session.notes.append(339, 'x')).rejects.toMatchObject({
      code: 'conflict',
      current: { id: 339 },
    });
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(5);
  });

  it('deletes a note (notes/036)', async () => {
    router.on('DELETE', `${NOTES}/343`, reply('notes/036'));
    await session.notes.delete(343);
    expect(server.requests[0]?.method).toBe('DELETE');
  });

  it('reads and updates the settings (notes/002, 039)', async () => {
    router.on('GET', '/index.php/apps/notes/api/v1/settings', reply('notes/002'));
    router.on('PUT', '/index.php/apps/notes/api/v1/settings', reply('notes/039'));
    expect(await session.notes.getSettings()).toEqual({
      notesPath: 'Notes',
      fileSuffix: '.md',
      noteMode: 'rich',
    });
    expect(await session.notes.updateSettings({ fileSuffix: '.txt' })).toMatchObject({ fileSuffix: '.txt' });
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ fileSuffix: '.txt' });
  });

  it('maps the CORS 401 to unauthorized (notes/044)', async () => {
    router.on('GET', NOTES, reply('notes/044'));
    await expect(session.notes.list()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });
});
