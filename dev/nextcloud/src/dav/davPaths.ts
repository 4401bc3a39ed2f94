import { badRequest, invalidPath } from './davError.js';

/**
 * Resolves literal `.` and `..` segments of a raw (still percent-encoded) path, as the web server does
 * before Nextcloud sees the request: `/files/fixture/../admin/` becomes `/files/admin/`. Encoded dots
 * (`%2e%2e`) are left alone; {@link decodeSegments} rejects them afterwards.
 */
export function normalizeDotSegments(rawPath: string): string {
  const input = rawPath.split('/');
  const output: string[] = [];
  for (const [index, segment] of input.entries()) {
    const last = index === input.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && output.length > 1) output.pop();
      if (last) output.push('');
      continue;
    }
    output.push(segment);
  }
  const joined = output.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * Decodes the raw path below a user's home into names. Like Sabre it decodes the whole path before
 * splitting, so `..%2f` becomes a `..` segment, which Nextcloud answers with 400 InvalidPath.
 */
export function decodeSegments(rawRest: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawRest);
  } catch {
    throw badRequest('The path is not valid UTF-8 or contains a malformed percent-encoding');
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('\0'))) {
    throw invalidPath(`/${segments.join('/')}`);
  }
  return segments;
}

/** Percent-encodes one name as Sabre's `encodePathSegment` does (lowercase hex, `()~:@` kept). */
export function encodeSegment(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_\-.~():@]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** `/a/b%20c` for ['a', 'b c'] (empty string for the root). */
export function encodePath(segments: readonly string[]): string {
  return segments.map((segment) => `/${encodeSegment(segment)}`).join('');
}

/** `/Docs/hello.txt`: the decoded path as Nextcloud prints it in error messages. */
export function displayPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}
