import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing/fixtures.js';
import { absoluteUrl, toSearchPage, toSearchProviders } from './searchResult.js';

const BASE = 'http://127.0.0.1:8080';
const dataOf = (id: string): unknown =>
  (JSON.parse(loadFixture(id).response.body) as { ocs: { data: unknown } }).ocs.data;

describe('unified search answers as recorded from Nextcloud 34', () => {
  it('reads the providers list with provider ids that are not app ids (search/001)', () => {
    const providers = toSearchProviders(dataOf('search/001'), BASE);
    expect(providers.map((provider) => provider.id)).toContain('search-deck-card-board');
    expect(providers[0]).toEqual({
      id: 'notes',
      appId: 'notes',
      name: 'Notes',
      order: 4,
      isExternal: false,
      iconUrl: `${BASE}/apps/notes/img/notes.svg`,
    });
  });

  it('reads a files page: absolute links, thumbnail, icon, paging cursor (search/002)', () => {
    const page = toSearchPage(dataOf('search/002'), { id: 'files', appId: 'files' }, BASE);
    expect(page).toMatchObject({ providerId: 'files', name: 'Files', isPaginated: true, cursor: '5' });
    expect(page.results[1]).toEqual({
      title: 'quarterly-summary.md',
      subline: 'in Reports',
      url: `${BASE}/index.php/f/364`,
      providerId: 'files',
      appId: 'files',
      thumbnailUrl: `${BASE}/index.php/core/preview?x=32&y=32&fileId=364`,
      iconUrl: `${BASE}/index.php/apps/theming/img/core/filetypes/text.svg?v=3ad38353`,
    });
  });

  it('reads a notes page: not paginated, no cursor, a CSS class is no icon URL (search/006)', () => {
    const page = toSearchPage(dataOf('search/006'), { id: 'notes', appId: 'notes' }, BASE);
    expect(page).toMatchObject({ isPaginated: false, cursor: undefined });
    expect(page.results.map((result) => [result.title, result.url])).toEqual([
      ['Quarterly planning', `${BASE}/index.php/apps/notes/note/366`],
      ['Groceries', `${BASE}/index.php/apps/notes/note/367`],
    ]);
    expect(
      page.results.every((result) => result.iconUrl === undefined && result.thumbnailUrl === undefined),
    ).toBe(true);
  });

  it('refuses an answer without entries as a protocol error', () => {
    expect(() => toSearchPage({ name: 'x' }, { id: 'x', appId: '' }, BASE)).toThrow(
      expect.objectContaining({ code: 'protocol' }),
    );
    expect(() => toSearchProviders({}, BASE)).toThrow(expect.objectContaining({ code: 'protocol' }));
  });
});

describe('absoluteUrl', () => {
  it.each([
    ['/index.php/f/1', 'https://cloud.example/index.php/f/1'],
    ['https://cloud.example/nc/index.php/f/1', 'https://cloud.example/nc/index.php/f/1'],
    ['icon-notes-trans', undefined],
    ['', undefined],
    ['javascript:alert(1)', undefined],
    [42, undefined],
  ])('makes %j %j', (value, expected) => {
    expect(absoluteUrl(value, 'https://cloud.example/nc')).toBe(expected);
  });
});
