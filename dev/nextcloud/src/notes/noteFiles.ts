import type { FileNode, FolderNode, FsNode } from '../store/node.js';

/**
 * `.md` and `.txt` files below the notes folder are notes; everything else is ignored (quirk 28). A
 * file whose name starts with '.' is a note too: the app only looks at the extension.
 */
export function isNoteFile(node: FsNode): node is FileNode {
  return node.kind === 'file' && /\.(md|txt)$/i.test(node.name);
}

/** A note's title is its file name without the extension. */
export function titleOf(file: FileNode): string {
  return file.name.replace(/\.(md|txt)$/i, '');
}

/** The file's extension including the dot (`.md`). */
export function extensionOf(file: FileNode): string {
  return /\.(md|txt)$/i.exec(file.name)?.[0] ?? '.md';
}

// Characters the Notes app removes from titles and category segments (Windows-illegal ones and separators).
const ILLEGAL = /[*|/\\:"<>?]/g;
// PHP's trim(): only these, not every Unicode space as String.prototype.trim.
// biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's trim() strips NUL and vertical tab
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
// PCRE's \R: any line break.
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/u;

/** The Notes app's path sanitising: no illegal characters, no leading dots or spaces on any line, trimmed. */
function sanitise(text: string): string {
  return text
    .replace(ILLEGAL, '')
    .replace(/^[. ]+/gmu, '')
    .replace(PHP_TRIM, '');
}

/**
 * A title as the Notes app stores it (REFERENCE.md "Notes API"): '../../escape' → 'escape', '..' →
 * 'New note', '.hidden' → 'hidden', 'line1\nline2' → 'line1', a tab → a space, '#heading' kept, at most
 * 100 characters; empty becomes 'New note' (quirk 28).
 */
export function safeTitle(title: string): string {
  const firstLine = sanitise(title.replace(/\t/g, ' ')).split(LINE_BREAK)[0] ?? '';
  return [...firstLine.replace(PHP_TRIM, '')].slice(0, 100).join('') || 'New note';
}

/** Category folders as the Notes app makes them: each '/'-separated segment sanitised ('.hidden' → 'hidden', 'a:b' → 'ab'), empty ones dropped. */
export function safeCategorySegments(category: string): string[] {
  return category
    .split('/')
    .map(sanitise)
    .filter((segment) => segment !== '');
}

/** Settings path segments (the notes folder): backslashes count as slashes, empty and dot segments are dropped. */
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
