import { describe, expect, it } from 'vitest';
import { classifyContent, fileUri, textWindow } from './fileContent.js';
import { pageOf, sortEntries } from './fileListing.js';
import { checkPathInput, type FileEntry } from './fileShapes.js';
import { readContent } from './readFile.js';

const entry = (name: string, type: 'file' | 'folder', modified?: string): FileEntry => ({
  path: name,
  name,
  type,
  etag: 'e',
  favorite: false,
  ...(modified === undefined ? {} : { modified }),
});

describe('sortEntries', () => {
  const entries = [
    entry('b10.txt', 'file', '2026-01-03T00:00:00.000Z'),
    entry('Zeta', 'folder', '2026-01-01T00:00:00.000Z'),
    entry('b2.txt', 'file', '2026-01-05T00:00:00.000Z'),
    entry('alpha', 'folder', '2026-01-04T00:00:00.000Z'),
    entry('A.txt', 'file'),
  ];

  it('puts folders first, then natural, case-insensitive name order', () => {
    expect(sortEntries(entries, 'name').map((e) => e.name)).toEqual([
      'alpha',
      'Zeta',
      'A.txt',
      'b2.txt',
      'b10.txt',
    ]);
  });

  it('orders newest first by modification time, entries without one last', () => {
    expect(sortEntries(entries, 'modified').map((e) => e.name)).toEqual([
      'b2.txt',
      'alpha',
      'b10.txt',
      'Zeta',
      'A.txt',
    ]);
  });
});

describe('pageOf', () => {
  const entries = Array.from({ length: 5 }, (_, i) => entry(`f${i}`, 'file'));

  it('says where the next page starts while entries remain', () => {
    expect(pageOf(entries, 0, 2)).toMatchObject({ total: 5, truncated: true, nextOffset: 2 });
    expect(pageOf(entries, 2, 2).entries.map((e) => e.name)).toEqual(['f2', 'f3']);
  });

  it('is not truncated on the last page or past the end', () => {
    const last = pageOf(entries, 4, 2);
    expect(last).toMatchObject({ total: 5, truncated: false });
    expect(last.entries).toHaveLength(1);
    expect(last.nextOffset).toBeUndefined();
    expect(pageOf(entries, 10, 2)).toMatchObject({ entries: [], truncated: false });
  });
});

describe('textWindow', () => {
  it('returns the window with the total and what remains', () => {
    expect(textWindow('abcdefghij', 2, 3)).toEqual({
      text: 'cde',
      offset: 2,
      totalCharacters: 10,
      remainingCharacters: 5,
      nextOffset: 5,
    });
  });

  it('reports nothing remaining when the window reaches the end', () => {
    const window = textWindow('abc', 1, 100);
    expect(window).toMatchObject({ text: 'bc', remainingCharacters: 0 });
    expect(window.nextOffset).toBeUndefined();
  });

  it('never splits an emoji at either edge', () => {
    const text = 'a😀b';
    expect(textWindow(text, 0, 2)).toMatchObject({ text: 'a😀', nextOffset: 3 });
    expect(textWindow(text, 2, 1)).toMatchObject({ text: '😀', offset: 1 });
  });

  it('gives an empty window past the end, still with the total', () => {
    expect(textWindow('abc', 9, 5)).toMatchObject({
      text: '',
      offset: 3,
      totalCharacters: 3,
      remainingCharacters: 0,
    });
  });
});

describe('classifyContent', () => {
  it.each([
    ['text/plain; charset=utf-8', 'text'],
    ['text/markdown', 'text'],
    ['application/json', 'text'],
    ['application/ld+json', 'text'],
    ['application/xml', 'text'],
    ['image/svg+xml', 'text'],
    ['image/png', 'image'],
    ['application/pdf', 'binary'],
    ['application/octet-stream', 'binary'],
    [undefined, 'binary'],
  ])('%s is %s', (contentType, kind) => {
    expect(classifyContent(contentType)).toBe(kind);
  });
});

describe('file paths', () => {
  it('encodes each segment of a resource URI', () => {
    expect(fileUri('My Folder/a #1 %?.txt')).toBe('nextcloud://files/My%20Folder/a%20%231%20%25%3F.txt');
  });

  it('refuses traversal naming the field', () => {
    expect(() => checkPathInput('under', 'Docs/../../x')).toThrow(/^under: Invalid path: '\.\.'/);
    expect(() => checkPathInput('path', 'Docs/%2e%2e/x')).toThrow(/^path: Invalid path: encoded dot/);
    expect(checkPathInput('path', '/Docs//a b.txt/')).toBe('Docs/a b.txt');
  });
});

describe('readContent', () => {
  const base = { path: 'a.txt', contentType: 'text/plain', etag: 'e', size: 5 };

  it('gives the text a block of its own, after the JSON that says what remains', () => {
    const output = {
      ...base,
      delivery: 'text' as const,
      text: 'he said "hi"\n',
      offset: 0,
      totalCharacters: 20,
      remainingCharacters: 7,
      nextOffset: 13,
    };
    const [json, text, ...rest] = readContent(output);
    expect(rest).toEqual([]);
    expect(text).toEqual({ type: 'text', text: 'he said "hi"\n' });
    expect(json?.type === 'text' ? JSON.parse(json.text) : undefined).toEqual({
      ...base,
      delivery: 'text',
      offset: 0,
      totalCharacters: 20,
      remainingCharacters: 7,
      nextOffset: 13,
    });
  });

  it('keeps one JSON block for deliveries without text', () => {
    const output = { ...base, contentType: 'image/png', delivery: 'image' as const };
    expect(readContent(output)).toEqual([{ type: 'text', text: JSON.stringify(output) }]);
  });
});
