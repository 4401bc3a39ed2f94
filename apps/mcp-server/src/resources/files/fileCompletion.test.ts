import type { DavEntry } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { completeFilePaths, splitTypedPath } from './fileCompletion.js';

function entry(path: string, type: 'file' | 'folder' = 'file'): DavEntry {
  return { path, name: path.split('/').pop() ?? '', type, etag: 'e', favorite: false };
}

const docs = [
  entry('My Docs', 'folder'),
  entry('My Docs/report #2.txt'),
  entry('My Docs/Reports', 'folder'),
  entry('My Docs/notes.md'),
  entry('My Docs/résumé.pdf'),
];

describe('completing a file path', () => {
  it('splits what was typed, encoded or plain, into the folder and the start of the name', () => {
    expect(splitTypedPath('My%20Docs/rep')).toEqual({ folder: 'My Docs', prefix: 'rep' });
    expect(splitTypedPath('My Docs/r%C3%A9')).toEqual({ folder: 'My Docs', prefix: 'ré' });
    expect(splitTypedPath('100%')).toEqual({ folder: '', prefix: '100%' });
    expect(splitTypedPath('')).toEqual({ folder: '', prefix: '' });
    expect(splitTypedPath('../')).toBeUndefined();
    expect(splitTypedPath('%2e%2e/x')).toBeUndefined();
  });

  it('offers the folder’s entries starting with the name, ignoring case, folders ending in /', () => {
    expect(completeFilePaths(docs, { folder: 'My Docs', prefix: 'REP' })).toEqual([
      'My%20Docs/report%20%232.txt',
      'My%20Docs/Reports/',
    ]);
    expect(completeFilePaths(docs, { folder: 'My Docs', prefix: '' })).toHaveLength(4);
    expect(completeFilePaths(docs, { folder: 'My Docs', prefix: 'zzz' })).toEqual([]);
  });
});
