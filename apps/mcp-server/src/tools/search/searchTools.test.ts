import { createSilentLogger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapBounded } from './mapBounded.js';
import { unifiedSearchTool } from './unifiedSearch.js';

const BASE = 'http://nextcloud.invalid';
const ocs = (status: number, statuscode: number, data: unknown) =>
  new Response(JSON.stringify({ ocs: { meta: { status: 'x', statuscode, message: '' }, data } }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
const provider = (id: string, appId: string, isExternalProvider = false) => ({
  id,
  appId,
  name: id,
  isExternalProvider,
});
const entry = (title: string) => ({
  title,
  subline: '',
  resourceUrl: `/index.php/x/${title}`,
  thumbnailUrl: '',
  icon: '',
});

/** A Nextcloud whose providers answer as recorded: files pages (cursor = offset + limit), notes returns everything. */
function fakeNextcloud(): { fetch: typeof fetch; searched: string[] } {
  const searched: string[] = [];
  const fetchStub = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    if (url.pathname === '/ocs/v2.php/search/providers')
      return ocs(200, 200, [
        provider('notes', 'notes'),
        provider('files', 'files'),
        provider('broken', 'broken'),
        provider('web', 'web', true),
      ]);
    const id = /^\/ocs\/v2\.php\/search\/providers\/([^/]+)\/search$/.exec(url.pathname)?.[1] ?? '';
    searched.push(id);
    const limit = Number(url.searchParams.get('limit') ?? 5);
    const cursor = Number(url.searchParams.get('cursor') ?? 0);
    if (id === 'files') {
      const all = ['f1', 'f2', 'f3'].map(entry).slice(cursor, cursor + limit);
      return ocs(200, 200, { name: 'Files', isPaginated: true, entries: all, cursor: cursor + limit });
    }
    if (id === 'notes')
      return ocs(200, 200, {
        name: 'Notes',
        isPaginated: false,
        entries: ['n1', 'n2', 'n3'].map(entry),
        cursor: null,
      });
    return ocs(500, 996, []);
  }) as typeof fetch;
  return { fetch: fetchStub, searched };
}

function run(input: Record<string, unknown>, fake = fakeNextcloud()) {
  const nextcloud = createNextcloudClient({ baseUrl: BASE, fetch: fake.fetch }).session({
    subject: 'sub',
    getToken: async () => 'token',
  });
  const parsed = z.object(unifiedSearchTool.inputSchema).parse(input);
  return unifiedSearchTool.run(parsed, {
    nextcloud,
    logger: createSilentLogger(),
    openedUrl: () => undefined,
  });
}

describe('nc_unified_search', () => {
  it('searches every non-external provider, cuts to limit, and says how to page each', async () => {
    const fake = fakeNextcloud();
    const result = await run({ term: 'x', limit: 2 }, fake);
    expect(fake.searched.sort()).toEqual(['broken', 'files', 'notes']);
    expect(result.results.map((hit) => [hit.provider, hit.app, hit.title])).toEqual([
      ['notes', 'notes', 'n1'],
      ['notes', 'notes', 'n2'],
      ['files', 'files', 'f1'],
      ['files', 'files', 'f2'],
    ]);
    expect(result.results[0]?.url).toBe(`${BASE}/index.php/x/n1`);
    expect(result.providers).toEqual([
      { id: 'notes', app: 'notes', name: 'notes', returned: 2, truncated: true },
      { id: 'files', app: 'files', name: 'files', returned: 2, nextCursor: '2' },
      { id: 'broken', app: 'broken', name: 'broken', returned: 0, failed: true },
    ]);
  });

  it('pages one provider with its cursor, and offers no next page after a short one', async () => {
    const result = await run({ term: 'x', provider: 'files', limit: 2, cursor: '2' });
    expect(result.results.map((hit) => hit.title)).toEqual(['f3']);
    expect(result.providers).toEqual([{ id: 'files', app: 'files', name: 'files', returned: 1 }]);
  });

  it('names an unknown provider clearly, while a listed provider’s 996 stays a server error', async () => {
    await expect(run({ term: 'x', provider: 'deck' })).rejects.toThrow(/Unknown search provider "deck"/);
    await expect(run({ term: 'x', provider: 'broken' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('refuses an empty term and a cursor without its provider', async () => {
    expect(z.object(unifiedSearchTool.inputSchema).safeParse({ term: '   ' }).success).toBe(false);
    await expect(run({ term: 'x', cursor: '5' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('mapBounded', () => {
  it('keeps the order of the items and never runs more than the bound at once', async () => {
    let running = 0;
    let most = 0;
    const outcomes = await mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      if (n === 3) throw new Error('three');
      return n * 10;
    });
    expect(most).toBe(2);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'failed'))).toEqual([
      10,
      20,
      'failed',
      40,
      50,
      60,
    ]);
  });
});
