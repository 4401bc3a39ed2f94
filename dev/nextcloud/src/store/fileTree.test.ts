import { describe, expect, it } from 'vitest';
import { FileTree } from './fileTree.js';
import { IdSequence } from './ids.js';

function tree(): { files: FileTree; tick: () => void } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return { files: new FileTree(new IdSequence(), () => now), tick: () => (now += 1000) };
}

describe('FileTree', () => {
  it('gives files 32-hex ETags and folders 13-hex ones, from one increasing id counter', () => {
    const { files } = tree();
    const docs = files.createFolder(files.root, 'Docs');
    const { file } = files.writeFile(docs, 'a.txt', Buffer.from('a'));
    expect(file.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(docs.etag).toMatch(/^[0-9a-f]{13}$/);
    expect(file.id).toBeGreaterThan(docs.id);
    expect(docs.id).toBeGreaterThan(files.root.id);
  });

  it('propagates a change to new ETags and mtimes of every ancestor', () => {
    const { files, tick } = tree();
    const deep = files.ensureFolders(files.root, ['a', 'b']);
    const before = [files.root.etag, deep.parent?.etag, deep.etag];
    tick();
    files.writeFile(deep, 'x.md', Buffer.from('x'));
    expect([files.root.etag, deep.parent?.etag, deep.etag].every((etag, i) => etag !== before[i])).toBe(true);
    expect(files.root.mtime).toBe(deep.mtime);
  });

  it('keeps id and ETag on move, gives copies new ids, and sums folder sizes', () => {
    const { files } = tree();
    const docs = files.createFolder(files.root, 'Docs');
    const { file } = files.writeFile(docs, 'a.txt', Buffer.from('hello'));
    const etag = file.etag;
    files.move(file, files.root, 'b.txt');
    expect(files.resolve(['b.txt'])).toBe(file);
    expect(file.etag).toBe(etag);
    const copy = files.copy(file, docs, 'c.txt');
    expect(copy.id).not.toBe(file.id);
    expect(files.sizeOf(files.root)).toBe(10);
    expect(files.walk(files.root, Number.POSITIVE_INFINITY).map((node) => node.name)).toEqual([
      '',
      'Docs',
      'c.txt',
      'b.txt',
    ]);
  });
});
