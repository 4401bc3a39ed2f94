import type { Note } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, newestFirst, notePage } from './notePages.js';

function note(id: number, modified: number, title = `Note ${id}`): Note {
  return { id, modified, title, etag: `e${id}`, readonly: false, category: '', favorite: false };
}

const ids = (notes: readonly Note[]) => notes.map((n) => n.id);

describe('pages of notes', () => {
  it('orders newest first, the higher id first within one second', () => {
    expect(ids(newestFirst([note(1, 100), note(2, 300), note(3, 300), note(4, 200)]))).toEqual([3, 2, 4, 1]);
  });

  it('walks every note exactly once, following nextCursor until there is none', () => {
    // 250 notes, many sharing a second, as a burst of creates makes them.
    const all = Array.from({ length: 250 }, (_, i) => note(i + 1, 1_700_000_000 + Math.floor(i / 7)));
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = notePage(all, cursor, 100);
      seen.push(...ids(page.notes));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids(newestFirst(all)));
  });

  it('has no nextCursor when everything fits, exactly or with room', () => {
    const all = Array.from({ length: 100 }, (_, i) => note(i + 1, 1000 + i));
    expect(notePage(all, undefined, 100).nextCursor).toBeUndefined();
    expect(notePage(all.slice(0, 3), undefined, 100)).toEqual({ notes: newestFirst(all.slice(0, 3)) });
    expect(notePage([], undefined, 100)).toEqual({ notes: [] });
  });

  it('neither repeats nor skips a note when one is created or deleted between two pages', () => {
    const all = Array.from({ length: 5 }, (_, i) => note(i + 1, 1000 + i));
    const first = notePage(all, undefined, 2);
    expect(ids(first.notes)).toEqual([5, 4]);
    const changed = [...all.filter((n) => n.id !== 5), note(6, 2000)];
    const second = notePage(changed, first.nextCursor, 2);
    expect(ids(second.notes)).toEqual([3, 2]);
    expect(ids(notePage(changed, second.nextCursor, 2).notes)).toEqual([1]);
  });

  it.each([
    '',
    'not-a-cursor',
    '!!!',
    Buffer.from('n1:abc:1').toString('base64url'),
    Buffer.from('n1:100:0').toString('base64url'),
    Buffer.from('n2:100:1').toString('base64url'),
    Buffer.from('n1:100:1:extra').toString('base64url'),
    'A'.repeat(65),
  ])('refuses a cursor it did not make: %j', (cursor) => {
    expect(() => notePage([note(1, 1)], cursor, 100)).toThrow(InvalidCursorError);
  });
});
