import type { FileEntry } from './fileShapes.js';

/** How `nc_files_list` orders a folder: by name with folders first, or newest first. */
export type FileSort = 'name' | 'modified';

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNames(a: FileEntry, b: FileEntry): number {
  // The collator treats 'a.txt' and 'A.txt' as equal; fall back to code units so the order is total.
  return byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function modifiedMs(entry: FileEntry): number {
  const ms = entry.modified === undefined ? Number.NaN : Date.parse(entry.modified);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Sorts entries: `name` puts folders first, then natural name order; `modified` is newest first. */
export function sortEntries(entries: readonly FileEntry[], sort: FileSort): FileEntry[] {
  return [...entries].sort((a, b) => {
    if (sort === 'name') {
      if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
      return compareNames(a, b);
    }
    return modifiedMs(b) - modifiedMs(a) || compareNames(a, b);
  });
}

/** One page of a sorted listing, with what a caller needs to ask for the next one. */
export interface FilePage {
  entries: FileEntry[];
  total: number;
  truncated: boolean;
  nextOffset?: number;
}

/** Cuts `entries[offset, offset + limit)`; `truncated` says more follow, `nextOffset` where. */
export function pageOf(entries: readonly FileEntry[], offset: number, limit: number): FilePage {
  const page = entries.slice(offset, offset + limit);
  const end = offset + page.length;
  const truncated = end < entries.length;
  return { entries: page, total: entries.length, truncated, ...(truncated ? { nextOffset: end } : {}) };
}
