import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IndexItem, MAX_CONTENT_BYTES } from './indexItem.js';
import type { SearchIndex } from './openSearchIndex.js';
import { SearchIndexError } from './searchIndexError.js';
import { INDEX_BACKENDS, type IndexBackend } from './testing/indexBackends.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function note(id: string, title: string, content: string, modifiedAt = T0): IndexItem {
  return {
    family: 'notes',
    id,
    title,
    content,
    link: `nextcloud://notes/${id}`,
    etag: `e-${id}`,
    modifiedAt,
  };
}

function file(path: string, content: string, modifiedAt = T0): IndexItem {
  const name = path.split('/').pop() ?? path;
  return { family: 'files', id: path, title: name, content, link: path, etag: `f-${path}`, modifiedAt };
}

describe.each(INDEX_BACKENDS)('the search index on $name', ({ create }) => {
  let backend: IndexBackend;
  let index: SearchIndex;

  beforeAll(async () => {
    backend = await create();
    index = await backend.open();
  }, 60_000);
  afterAll(() => backend?.dispose(), 60_000);

  it('finds items by title and content, the title match ranked first, with a highlighted snippet', async () => {
    await index.upsertItems('alice', [
      note('1', 'Groceries', 'Buy apples and a budget planner from the shop'),
      note('2', 'Budget 2026', 'Quarterly figures for the household'),
      file('Docs/unrelated.txt', 'Nothing to see here'),
    ]);
    const hits = await index.search('alice', 'budget');
    expect(hits.map((hit) => hit.id)).toEqual(['2', '1']);
    expect(hits[1]).toMatchObject({ family: 'notes', title: 'Groceries', link: 'nextcloud://notes/1' });
    expect(hits[1]?.snippet).toContain('**budget**');
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it('requires every word of the query and matches regardless of case and accents', async () => {
    await index.upsertItems('alice', [note('3', 'Café notes', 'Meeting at the CAFÉ about the roadmap')]);
    expect((await index.search('alice', 'cafe roadmap')).map((hit) => hit.id)).toEqual(['3']);
    expect(await index.search('alice', 'roadmap unicorn')).toEqual([]);
  });

  it('never returns another user’s rows', async () => {
    await index.upsertItems('bob', [note('1', 'Bob’s budget', 'secret budget of bob')]);
    const alice = await index.search('alice', 'budget');
    expect(alice.every((hit) => hit.title !== 'Bob’s budget')).toBe(true);
    expect((await index.search('bob', 'budget')).map((hit) => hit.title)).toEqual(['Bob’s budget']);
    expect(await index.search('mallory', 'budget')).toEqual([]);
    expect((await index.listItemStates('bob', 'notes')).size).toBe(1);
  });

  it('filters by family and by modification time', async () => {
    await index.upsertItems('carol', [
      note('old', 'Report draft', 'report', T0 - 10 * DAY),
      note('new', 'Report final', 'report', T0),
      file('Docs/report.md', 'the report as a file', T0),
    ]);
    const recent = await index.search('carol', 'report', { modifiedSince: T0 - DAY });
    expect(recent.map((hit) => hit.id).sort()).toEqual(['Docs/report.md', 'new']);
    const files = await index.search('carol', 'report', { families: ['files'] });
    expect(files.map((hit) => hit.id)).toEqual(['Docs/report.md']);
    expect(await index.search('carol', 'report', { limit: 1 })).toHaveLength(1);
  });

  it('treats FTS syntax in a query as plain words and never throws', async () => {
    await index.upsertItems('dave', [note('1', 'near the river', 'a walk near the river bank')]);
    for (const query of [
      '"unbalanced',
      'river*',
      '-river',
      'NEAR(river bank)',
      'title:river',
      "it's (",
      '*',
      '"',
    ]) {
      await expect(index.search('dave', query)).resolves.toBeInstanceOf(Array);
    }
    expect((await index.search('dave', 'NEAR river')).map((hit) => hit.id)).toEqual(['1']);
    expect((await index.search('dave', '"river" -bank')).map((hit) => hit.id)).toEqual(['1']);
    expect(await index.search('dave', '" * -')).toEqual([]);
  });

  it('replaces an item on upsert and stops finding deleted items', async () => {
    await index.upsertItems('erin', [note('1', 'Plan', 'old words'), note('2', 'Keep', 'old words')]);
    await index.upsertItems('erin', [{ ...note('1', 'Plan', 'new words'), etag: 'e-1b' }]);
    expect((await index.search('erin', 'old')).map((hit) => hit.id)).toEqual(['2']);
    expect((await index.search('erin', 'new')).map((hit) => hit.id)).toEqual(['1']);
    expect(await index.listItemStates('erin', 'notes')).toEqual(
      new Map([
        ['1', 'e-1b'],
        ['2', 'e-2'],
      ]),
    );
    await index.deleteItems('erin', 'notes', ['2']);
    expect(await index.search('erin', 'old')).toEqual([]);
    expect(await index.counts('erin')).toEqual({ notes: 1 });
  });

  it('bounds the indexed text and strips NUL characters', async () => {
    const long = `${'word '.repeat(50_000)}tailmarker`;
    await index.upsertItems('frank', [note('1', 'Big\u0000note', long)]);
    expect(await index.search('frank', 'tailmarker')).toEqual([]);
    expect((await index.search('frank', 'word'))[0]?.title).toBe('Bignote');
    expect(MAX_CONTENT_BYTES).toBeLessThan(long.length);
  });

  it('records and reports the last sync, and forgets a user entirely', async () => {
    expect(await index.syncStatus('gina')).toBeUndefined();
    await index.upsertItems('gina', [note('1', 'Gina', 'hello')]);
    await index.recordSync('gina', {
      at: T0,
      state: 'partial',
      items: 1,
      errors: ['files: Nextcloud is unavailable'],
    });
    await index.recordSync('gina', { at: T0 + 1, state: 'ok', items: 1, errors: [] });
    expect(await index.syncStatus('gina')).toEqual({ at: T0 + 1, state: 'ok', items: 1, errors: [] });
    await index.forgetUser('gina');
    expect(await index.syncStatus('gina')).toBeUndefined();
    expect(await index.counts('gina')).toEqual({});
  });

  it('remembers sync tokens per user and collection, and forgets them with the user', async () => {
    expect(await index.getSyncToken('kim', 'calendar/personal')).toBeUndefined();
    await index.setSyncToken('kim', 'calendar/personal', 'http://sabre.io/ns/sync/3');
    await index.setSyncToken('kim', 'calendar/personal', 'http://sabre.io/ns/sync/7');
    await index.setSyncToken('kim', 'calendar/work_%', 'http://sabre.io/ns/sync/1');
    await index.setSyncToken('kim', 'contacts/contacts', 'http://sabre.io/ns/sync/2');
    await index.setSyncToken('lee', 'calendar/personal', 'http://sabre.io/ns/sync/99');
    expect(await index.getSyncToken('kim', 'calendar/personal')).toBe('http://sabre.io/ns/sync/7');
    expect(await index.listSyncTokens('kim', 'calendar/')).toEqual(
      new Map([
        ['calendar/personal', 'http://sabre.io/ns/sync/7'],
        ['calendar/work_%', 'http://sabre.io/ns/sync/1'],
      ]),
    );
    await index.setSyncToken('kim', 'calendar/work_%', undefined);
    expect(await index.getSyncToken('kim', 'calendar/work_%')).toBeUndefined();
    await index.forgetUser('kim');
    expect(await index.listSyncTokens('kim', '')).toEqual(new Map());
    expect(await index.getSyncToken('lee', 'calendar/personal')).toBe('http://sabre.io/ns/sync/99');
  });

  it('indexes 10,000 items in one call and searches them', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) =>
      file(`Bulk/${i}.txt`, `bulk item number ${i} ${i % 100 === 0 ? 'needle' : 'hay'}`),
    );
    await index.upsertItems('henry', items);
    expect(await index.counts('henry')).toEqual({ files: 10_000 });
    expect(await index.search('henry', 'needle', { limit: 100 })).toHaveLength(100);
    expect((await index.listItemStates('henry', 'files')).size).toBe(10_000);
  }, 60_000);

  it('serves readers opened read-only, which cannot write', async () => {
    const reader = await backend.open({ readOnly: true });
    await index.upsertItems('ivy', [note('1', 'Shared', 'visible to the reader')]);
    expect((await reader.search('ivy', 'visible')).map((hit) => hit.id)).toEqual(['1']);
    await expect(reader.upsertItems('ivy', [note('2', 'x', 'y')])).rejects.toThrow();
  });
});

describe('a read-only SQLite index', () => {
  it('is readable while no writer has it open, and sees a writer’s later rows', async () => {
    const backend = await INDEX_BACKENDS[0].create();
    try {
      const writer = await backend.open();
      await writer.upsertItems('amy', [note('1', 'First', 'lantern')]);
      await writer.close();
      const reader = await backend.open({ readOnly: true });
      expect((await reader.search('amy', 'lantern')).map((hit) => hit.id)).toEqual(['1']);
      const again = await backend.open();
      await again.upsertItems('amy', [note('2', 'Second', 'lantern')]);
      expect(await reader.search('amy', 'lantern')).toHaveLength(2);
    } finally {
      await backend.dispose();
    }
  });
});

describe('a read-only index that the worker never created', () => {
  it('fails with index_missing', async () => {
    const { openSearchIndex } = await import('./openSearchIndex.js');
    const { createSilentLogger } = await import('@nc-mcp/logger');
    const error = await openSearchIndex({
      dataDir: '/nonexistent/never-created',
      readOnly: true,
      logger: createSilentLogger(),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect(error).toMatchObject({ code: 'index_missing', retryable: false });
  });
});
