import { NextcloudError } from './errors.js';

function invalid(problem: string): NextcloudError {
  return new NextcloudError('invalid_path', `Invalid path: ${problem}`);
}

// Undo percent-encoding the way a server might (repeatedly), so '%2e%2e' or '%252e%252e' are seen as
// '..'. A '%' that does not start a valid escape is an ordinary character ('100%.txt').
function decodeFully(segment: string): string {
  let current = segment;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Splits a user-supplied path into safe segments. Empty and '.' segments are dropped (so '//' and './'
 * collapse, and a leading '/' means the root it is relative to); anything that could climb out of that
 * root, or that a server could decode into a separator or '..', is refused with code `invalid_path`.
 */
function safeSegments(path: string): string[] {
  if (typeof path !== 'string') throw invalid('not a string');
  if (path.includes('\u0000')) throw invalid('NUL characters are not allowed');
  if (CONTROL_CHARACTERS.test(path)) throw invalid('control characters are not allowed');
  if (path.includes('\\')) throw invalid('backslashes are not allowed');
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..') throw invalid("'..' segments are not allowed");
    const decoded = decodeFully(raw);
    if (decoded !== raw) {
      if (decoded === '.' || decoded === '..') throw invalid('encoded dot segments are not allowed');
      if (/[/\\]/.test(decoded)) throw invalid('encoded path separators are not allowed');
      if (CONTROL_CHARACTERS.test(decoded)) throw invalid('encoded control characters are not allowed');
    }
    segments.push(raw);
  }
  return segments;
}

/**
 * Normalises a path relative to the user's files root ('Docs/hello.txt'): collapses '//' and './',
 * strips leading and trailing '/', and rejects '..', encoded traversal ('%2e%2e', '..%2f'), backslashes
 * and NUL with a {@link NextcloudError} of code `invalid_path`. The root is ''.
 */
export function normalizeUserPath(path: string): string {
  return safeSegments(path).join('/');
}

/**
 * Normalises a Notes category: a '/'-separated subfolder path under the notes folder ('Work/Projects'),
 * with the same rules as {@link normalizeUserPath}. No category is ''.
 */
export function normalizeNoteCategory(category: string): string {
  return safeSegments(category).join('/');
}

/** Percent-encodes a normalised user path segment by segment ('My Folder/a b.txt' → 'My%20Folder/a%20b.txt'). */
export function encodePath(normalizedPath: string): string {
  if (normalizedPath === '') return '';
  return normalizedPath.split('/').map(encodeURIComponent).join('/');
}
