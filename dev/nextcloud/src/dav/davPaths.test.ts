import { describe, expect, it } from 'vitest';
import { DavError } from './davError.js';
import { decodeSegments, encodePath, normalizeDotSegments } from './davPaths.js';

describe('normalizeDotSegments', () => {
  it('resolves raw .. and . like the web server in front of Nextcloud', () => {
    expect(normalizeDotSegments('/remote.php/dav/files/fixture/../admin/')).toBe(
      '/remote.php/dav/files/admin/',
    );
    expect(normalizeDotSegments('/a/./b/../c')).toBe('/a/c');
    expect(normalizeDotSegments('/../../x')).toBe('/x');
  });

  it('leaves percent-encoded dots alone', () => {
    expect(normalizeDotSegments('/files/u/%2e%2e/x')).toBe('/files/u/%2e%2e/x');
  });
});

describe('decodeSegments', () => {
  it('decodes names, keeping a literal + (not a space)', () => {
    expect(decodeSegments('/My%20Folder/a+b.txt/')).toEqual(['My Folder', 'a+b.txt']);
  });

  it('rejects encoded dot segments and encoded slashes with InvalidPath', () => {
    for (const raw of ['/Docs/%2e%2e/%2e%2e/admin/', '/Docs/..%2f..%2fevil.txt']) {
      const error = (() => {
        try {
          decodeSegments(raw);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(DavError);
      expect((error as DavError).status).toBe(400);
      expect((error as DavError).exception).toContain('InvalidPath');
    }
  });
});

describe('encodePath', () => {
  it('encodes like Sabre: lowercase hex, parentheses kept, + and spaces encoded', () => {
    expect(encodePath(['Shopping list (2).md'])).toBe('/Shopping%20list%20(2).md');
    expect(encodePath(['Ünï', 'a+b'])).toBe('/%c3%9cn%c3%af/a%2bb');
  });
});
