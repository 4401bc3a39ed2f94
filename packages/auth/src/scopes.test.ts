import { describe, expect, it } from 'vitest';
import { readScopes, restrictScopes } from './scopes.js';

describe('readScopes', () => {
  it('splits a space-separated scope string and drops duplicates and blanks', () => {
    expect(readScopes({ scope: ' openid  notes.read openid ' })).toEqual(['openid', 'notes.read']);
  });

  it('reads scp as an array or a string, and yields nothing without either', () => {
    expect(readScopes({ scp: ['a', 7, 'b'] })).toEqual(['a', 'b']);
    expect(readScopes({ scp: 'a b' })).toEqual(['a', 'b']);
    expect(readScopes({})).toEqual([]);
  });
});

describe('restrictScopes', () => {
  it('keeps only allowed scopes and reports the rest as dropped', () => {
    expect(restrictScopes(['openid', 'files.write', 'notes.read'], ['openid', 'notes.read'])).toEqual({
      kept: ['openid', 'notes.read'],
      dropped: ['files.write'],
    });
  });
});
