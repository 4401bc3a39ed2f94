import { normalizeUserPath } from '@nc-mcp/nextcloud';

/** What every file URI starts with. */
export const FILE_URI_PREFIX = 'nextcloud://files/';

/**
 * The RFC 6570 template of a file URI, as `resources/templates/list` shows it. Reserved expansion
 * (`{+path}`), because the path keeps its '/' separators; a client expands it with an already
 * percent-encoded path, as completion offers it.
 */
export const FILE_URI_TEMPLATE = `${FILE_URI_PREFIX}{+path}`;

/** Longest path a file URI may name, as the files tools accept it. */
const MAX_PATH_LENGTH = 4096;

/** Percent-encodes a normalised path segment by segment ('My Docs/a #1.txt' → 'My%20Docs/a%20%231.txt'). */
export function encodeFilePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The `nextcloud://files/<path>` URI of a file: the prefix and the percent-encoded path segments. */
export function fileUri(path: string): string {
  return `${FILE_URI_PREFIX}${encodeFilePath(path)}`;
}

/**
 * The normalised path a file URI names, or `undefined` when it names none: not a file URI, a query or
 * fragment, a malformed escape, an encoded '/' inside a segment, or a path `normalizeUserPath` refuses
 * (traversal, encoded dot segments, control characters) — the same rules as the files tools.
 */
export function parseFileUri(uri: string): string | undefined {
  if (!uri.startsWith(FILE_URI_PREFIX)) return undefined;
  const encoded = uri.slice(FILE_URI_PREFIX.length);
  // fileUri never leaves '?' or '#' unencoded: a raw one is a query or a fragment, not part of a name.
  if (encoded.length > 3 * MAX_PATH_LENGTH || /[?#]/.test(encoded)) return undefined;
  const segments: string[] = [];
  for (const raw of encoded.split('/')) {
    const segment = decodeSegment(raw);
    if (segment === undefined || /[/\\]/.test(segment)) return undefined;
    segments.push(segment);
  }
  const path = segments.join('/');
  if (path.length > MAX_PATH_LENGTH) return undefined;
  try {
    return normalizeUserPath(path);
  } catch {
    return undefined;
  }
}

/** Decodes one percent-encoded segment; `undefined` for a malformed escape or invalid UTF-8. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
