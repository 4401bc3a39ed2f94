import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { DavError } from '../dav/davError.js';

/** A card body accepted for storage. */
export interface CheckedCard {
  /** What is stored: the body as sent, or repaired (a UID added). */
  readonly data: string;
  readonly uid: string;
  /** The server changed the body while storing it: the PUT answer then has no ETag (carddav/010). */
  readonly repaired: boolean;
}

const UNSUPPORTED = 'Sabre\\DAV\\Exception\\UnsupportedMediaType';
const INVALID = 'This resource only supports valid vCard or jCard data. Parse error: ';

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim().toUpperCase();
}

function uidOf(props: unknown[]): string | undefined {
  for (const prop of props) {
    if (Array.isArray(prop) && prop[0] === 'uid' && typeof prop[3] === 'string' && prop[3] !== '')
      return prop[3];
  }
  return undefined;
}

/**
 * Checks a PUT body as Nextcloud's CardDAV does: not a vCard → 415 (carddav/009), another component →
 * 415, no UID → one is added at the end and the answer loses its ETag (carddav/010, 011).
 */
export function checkCardBody(text: string): CheckedCard {
  const first = firstLine(text);
  if (first !== 'BEGIN:VCARD' && first !== 'BEGIN:VCALENDAR') {
    throw new DavError(415, UNSUPPORTED, `${INVALID}This parser only supports VCARD and VCALENDAR files`);
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new DavError(415, UNSUPPORTED, `${INVALID}${error instanceof Error ? error.message : 'invalid'}`);
  }
  if (!Array.isArray(parsed) || parsed[0] !== 'vcard' || !Array.isArray(parsed[1])) {
    throw new DavError(415, UNSUPPORTED, 'This collection can only support vcard objects.');
  }
  const uid = uidOf(parsed[1]);
  if (uid !== undefined) return { data: text, uid, repaired: false };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(newline);
  const end = lines.findLastIndex((line) => line.trim().toUpperCase() === 'END:VCARD');
  const added = randomUUID();
  lines.splice(end, 0, `UID:${added}`);
  return { data: lines.join(newline), uid: added, repaired: true };
}

/**
 * The card as GET and REPORT serve it: a vCard 4.0 comes back as 3.0 with Sabre's PRODID (carddav/013);
 * the stored text (and so the ETag) stays the 4.0 one. Only VERSION and PRODID are converted here —
 * Sabre's converter also rewrites some 4.0-only properties, which no recording shows.
 */
export function servedCard(data: string): string {
  const newline = data.includes('\r\n') ? '\r\n' : '\n';
  const lines = data.split(newline);
  const version = lines.findIndex((line) => line.toUpperCase() === 'VERSION:4.0');
  if (version === -1) return data;
  const rest = lines.filter((line, index) => index !== version && !line.toUpperCase().startsWith('PRODID:'));
  rest.splice(version, 0, 'VERSION:3.0', 'PRODID:-//Sabre//Sabre VObject 4.5.6//EN');
  return rest.join(newline);
}
