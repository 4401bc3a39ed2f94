import { timingSafeEqual } from 'node:crypto';

/** Username and password from a Basic Authorization header. */
export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

/** Parses `Basic <base64(user:password)>` (scheme case-insensitive); null when the header is not Basic. */
export function parseBasic(header: string | undefined): BasicCredentials | null {
  const match = /^basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { user: decoded, password: '' };
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Whether the credentials name a configured app password (compared in constant time). */
export function checkAppPassword(
  appPasswords: Readonly<Record<string, string>>,
  credentials: BasicCredentials,
): boolean {
  if (!Object.hasOwn(appPasswords, credentials.user)) return false;
  const expected = Buffer.from(appPasswords[credentials.user] ?? '', 'utf8');
  const given = Buffer.from(credentials.password, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
