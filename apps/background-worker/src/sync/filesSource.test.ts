import { describe, expect, it } from 'vitest';
import { folderId, parentId } from './filesSource.js';

describe('file item ids', () => {
  it('gives folders a trailing slash and the root "/"', () => {
    expect(folderId('Docs/Reports')).toBe('Docs/Reports/');
    expect(folderId('')).toBe('/');
  });

  it('finds the folder an item sits in', () => {
    expect(parentId('a.txt')).toBe('/');
    expect(parentId('Docs/')).toBe('/');
    expect(parentId('Docs/a.txt')).toBe('Docs/');
    expect(parentId('Docs/Reports/')).toBe('Docs/');
  });
});
