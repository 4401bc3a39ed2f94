import { encodeSegment } from '../dav/davPaths.js';
import { DAV_NS } from '../dav/namespaces.js';
import { httpDate } from '../dav/properties.js';
import { escapeXml } from '../xml/escapeXml.js';
import { type AddressBookNode, type StoredCard, SYNC_TOKEN_PREFIX } from './addressBooks.js';
import { addressData, CARD_NS, CS_NS } from './carddavXml.js';
import { servedCard } from './cardStorage.js';

const D = `{${DAV_NS}}`;
const CARD = `{${CARD_NS}}`;

/** What a PROPFIND without a body lists. */
export const HOME_PROPS: readonly string[] = [`${D}resourcetype`, `${D}displayname`, `${D}getetag`];

const SUPPORTED_ADDRESS_DATA =
  '<card:address-data-type content-type="text/vcard" version="3.0"/>' +
  '<card:address-data-type content-type="text/vcard" version="4.0"/>' +
  '<card:address-data-type content-type="application/vcard+json" version="4.0"/>';

/** `/remote.php/dav/addressbooks/users/<uid>/`. */
export function homeHref(uid: string): string {
  return `/remote.php/dav/addressbooks/users/${encodeSegment(uid)}/`;
}

/** An address book's href (with the trailing slash Sabre gives collections). */
export function bookHref(uid: string, book: string): string {
  return `${homeHref(uid)}${encodeSegment(book)}/`;
}

/** A card's href. */
export function cardHref(uid: string, book: string, card: string): string {
  return `${homeHref(uid)}${encodeSegment(book)}/${encodeSegment(card)}`;
}

/** A property of an address book as carddav/001 shows it; null for one it does not have. */
export function bookProp(book: AddressBookNode, name: string): string | null {
  switch (name) {
    case `${D}resourcetype`:
      return '<d:collection/><card:addressbook/>';
    case `${D}displayname`:
      return escapeXml(book.displayName);
    case `{${CS_NS}}getctag`:
      // contactsinteraction answers its ctag in sync-token form and has no sync-token at all (carddav/001).
      return book.kind === 'app' ? `${SYNC_TOKEN_PREFIX}0` : String(book.syncToken);
    case `${D}sync-token`:
      return book.kind === 'app' ? null : `${SYNC_TOKEN_PREFIX}${book.syncToken}`;
    case `${CARD}addressbook-description`:
      return book.description === undefined ? null : escapeXml(book.description);
    case `${CARD}supported-address-data`:
      return SUPPORTED_ADDRESS_DATA;
    default:
      return null;
  }
}

/** A property of a card (carddav/026, 027); null for one it does not have. */
export function cardProp(card: StoredCard, name: string): string | null {
  switch (name) {
    case `${D}getetag`:
      return escapeXml(`"${card.etag}"`);
    case `${D}getcontenttype`:
      return 'text/vcard; charset=utf-8';
    case `${D}resourcetype`:
      return '';
    case `${D}getcontentlength`:
      return String(Buffer.byteLength(servedCard(card.data), 'utf8'));
    case `${D}getlastmodified`:
      return httpDate(card.lastModified);
    case `${CARD}address-data`:
      return addressData(servedCard(card.data));
    default:
      return null;
  }
}
