import { describe, expect, it } from 'vitest';
import { isNextcloudError } from './errors.js';
import { encodePath, normalizeNoteCategory, normalizeUserPath } from './paths.js';

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isNextcloudError(error, 'invalid_path')) return error.message;
    throw error;
  }
  throw new Error('expected an invalid_path error');
}

describe('normalizeUserPath', () => {
  it('collapses duplicate slashes, ./ segments and outer slashes', () => {
    expect(normalizeUserPath('/Docs//./sub/hello.txt/')).toBe('Docs/sub/hello.txt');
    expect(normalizeUserPath('./')).toBe('');
    expect(normalizeUserPath('')).toBe('');
  });

  it('keeps unicode, spaces, plus signs and lone percent signs as ordinary characters', () => {
    expect(normalizeUserPath('My Folder/Ünïcödé café – 日本.txt')).toBe('My Folder/Ünïcödé café – 日本.txt');
    expect(normalizeUserPath('My+Folder/100%.txt')).toBe('My+Folder/100%.txt');
  });

  it.each([
    ['..', "'..' segments"],
    ['../etc/passwd', "'..' segments"],
    ['a/../../b', "'..' segments"],
    ['Docs/..', "'..' segments"],
    ['%2e%2e/admin', 'encoded dot segments'],
    ['Docs/%2E%2E/%2e%2e/admin', 'encoded dot segments'],
    ['Docs/%252e%252e/x', 'encoded dot segments'],
    ['Docs/..%2f..%2fevil.txt', 'encoded path separators'],
    ['Docs/a%5cb', 'encoded path separators'],
    ['Docs\\..\\x', 'backslashes'],
    ['Docs/a\u0000b', 'NUL'],
    ['Docs/a\nb', 'control characters'],
  ])('rejects %j naming the problem (%s)', (path, problem) => {
    expect(problemOf(() => normalizeUserPath(path))).toContain(problem);
  });
});

describe('normalizeNoteCategory', () => {
  it('normalises a nested category', () => {
    expect(normalizeNoteCategory('/Work//Projects/')).toBe('Work/Projects');
  });

  it('rejects categories that would leave the notes folder', () => {
    expect(problemOf(() => normalizeNoteCategory('Work/../../Private'))).toContain("'..'");
    expect(problemOf(() => normalizeNoteCategory('%2e%2e'))).toContain('encoded dot');
  });
});

describe('encodePath', () => {
  it('percent-encodes each segment as UTF-8 and keeps the separators', () => {
    expect(encodePath('My Folder/Ünïcödé café – 日本.txt')).toBe(
      'My%20Folder/%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20caf%C3%A9%20%E2%80%93%20%E6%97%A5%E6%9C%AC.txt',
    );
    expect(encodePath('a+b/100%.txt')).toBe('a%2Bb/100%25.txt');
  });
});
