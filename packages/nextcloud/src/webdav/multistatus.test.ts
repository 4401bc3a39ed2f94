import { describe, expect, it } from 'vitest';
import { isNextcloudError } from '../errors.js';
import { loadFixture } from '../testing/fixtures.js';
import { hrefToUserPath, parseMultistatus } from './multistatus.js';

const body = (id: string) => loadFixture(id).response.body;

describe('parseMultistatus on recorded Nextcloud answers', () => {
  it('reads an allprop Depth 1 listing of the files root (webdav/017)', () => {
    const entries = parseMultistatus(body('webdav/017'), 'fixture');
    expect(entries.map((e) => [e.path, e.name, e.type])).toEqual([
      ['', '', 'folder'],
      ['Docs', 'Docs', 'folder'],
    ]);
    // Folder ETags are uniqid-style and arrive HTML-escaped with quotes; kept unquoted.
    expect(entries[1]).toMatchObject({
      etag: '6b08cdd964636',
      lastModified: '2026-11-27T00:24:57.000Z',
      favorite: false,
    });
  });

  it('reads the named props of files and folders (webdav/018)', () => {
    const [docs, hello, report, empty] = parseMultistatus(body('webdav/018'), 'fixture');
    expect(docs).toEqual({
      path: 'Docs',
      name: 'Docs',
      type: 'folder',
      etag: '6b08cdd964636',
      fileId: 315,
      size: 58,
      lastModified: '2026-11-27T00:24:57.000Z',
      permissions: 'RGDNVCK',
      favorite: false,
    });
    expect(hello).toEqual({
      path: 'Docs/hello.txt',
      name: 'hello.txt',
      type: 'file',
      etag: '2523b8ef976ecc538a59d0978c1dc8da',
      fileId: 316,
      size: 23,
      contentType: 'text/plain',
      lastModified: '2026-11-27T00:24:57.000Z',
      permissions: 'RGDNVW',
      favorite: false,
    });
    expect(report).toMatchObject({ path: 'Docs/report.md', contentType: 'text/markdown', fileId: 321 });
    expect(empty).toMatchObject({ path: 'Docs/empty.txt', size: 0 });
  });

  it('decodes lowercase percent-encoded unicode hrefs (webdav/034)', () => {
    const entries = parseMultistatus(body('webdav/034'), 'fixture');
    expect(entries.map((e) => e.path)).toEqual(['My Folder', 'My Folder/Ünïcödé café – 日本.txt']);
    expect(entries[1]).toMatchObject({
      name: 'Ünïcödé café – 日本.txt',
      fileId: 324,
      size: 20,
      type: 'file',
    });
    // The folder's getcontentlength came back in a 404 propstat and must not leak in as a size.
    expect(entries[0]?.size).toBeUndefined();
  });

  it('reads the notes folder with favorites and note ids as file ids (notes/027)', () => {
    const entries = parseMultistatus(body('notes/027'), 'fixture');
    const groceries = entries.find((e) => e.path === 'Notes/Home/Groceries.md');
    expect(groceries).toMatchObject({ fileId: 339, favorite: true, type: 'file', size: 39 });
    expect(entries.filter((e) => e.type === 'folder').map((e) => e.path)).toEqual([
      'Notes',
      'Notes/Work',
      'Notes/Work/Projects',
      'Notes/Misc',
      'Notes/Home',
    ]);
  });

  it('reads SEARCH results and the empty self-closing multistatus (webdav/058, 062)', () => {
    expect(parseMultistatus(body('webdav/058'), 'fixture')).toEqual([
      expect.objectContaining({ path: 'Docs/hello.txt', fileId: 316, contentType: 'text/plain' }),
    ]);
    expect(parseMultistatus(body('webdav/062'), 'fixture')).toEqual([]);
  });

  it('refuses malformed XML as a protocol error', () => {
    let caught: unknown;
    try {
      parseMultistatus('<d:multistatus xmlns:d="DAV:"><d:response>', 'fixture');
    } catch (error) {
      caught = error;
    }
    expect(isNextcloudError(caught, 'protocol')).toBe(true);
  });
});

describe('hrefToUserPath', () => {
  it('accepts absolute hrefs and a base path in front of remote.php', () => {
    expect(hrefToUserPath('https://cloud.example/nc/remote.php/dav/files/a%40b/x%20y/', 'a@b')).toBe('x y');
  });

  it('refuses hrefs outside the user files root', () => {
    expect(() => hrefToUserPath('/remote.php/dav/files/admin/secret.txt', 'fixture')).toThrow();
  });
});
