import type { FileNode, FolderNode, FsNode } from '../store/node.js';

/** `.md` and `.txt` files below the notes folder are notes; everything else is ignored (quirk 28). */
export function isNoteFile(node: FsNode): node is FileNode {
  return node.kind === 'file' && /\.(md|txt)$/i.test(node.name) && !node.name.startsWith('.');
}

/** A note's title is its file name without the extension. */
export function titleOf(file: FileNode): string {
  return file.name.replace(/\.(md|txt)$/i, '');
}

/** The file's extension including the dot (`.md`). */
export function extensionOf(file: FileNode): string {
  return /\.(md|txt)$/i.exec(file.name)?.[0] ?? '.md';
}

/** Like the Notes app: no path separators or reserved characters, no leading `#`/spaces, at most 100 chars. */
export function safeTitle(title: string): string {
  const cleaned = title
    .replace(/[\r\n]+/g, ' ')
    .replace(/[/\\*|:"<>?]/g, '')
    .replace(/^[ #]+/, '');
  return [...cleaned].slice(0, 100).join('').trim();
}

/** Category path segments: backslashes count as slashes, empty and dot segments are dropped. */
export function categorySegments(category: string): string[] {
  return category
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** `Title.md`, or `Title (2).md`, `Title (3).md`… when taken by another node (quirk 28). */
export function uniqueFileName(folder: FolderNode, title: string, suffix: string, self?: FsNode): string {
  let name = `${title}${suffix}`;
  for (let counter = 2; ; counter += 1) {
    const taken = folder.children.get(name);
    if (!taken || taken === self) return name;
    name = `${title} (${counter})${suffix}`;
  }
}
