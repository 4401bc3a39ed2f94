import { unquoteEtag } from '../etag.js';
import { davResponses, textProp } from '../webdav/multistatus.js';
import { escapeXml } from '../webdav/xml.js';
import { segmentsBelowHome } from './addressBook.js';

/** A card as a REPORT returned it: where it lives, its etag (unquoted) and vCard text. */
export interface CardData {
  addressBook: string;
  id: string;
  etag: string;
  data: string;
}

/** Which properties a search looks in. */
export type ContactSearchField = 'any' | 'name' | 'email' | 'phone' | 'organization';

const FIELD_PROPS: Readonly<Record<ContactSearchField, readonly string[]>> = {
  any: ['FN', 'N', 'NICKNAME', 'EMAIL', 'TEL', 'ORG'],
  name: ['FN', 'N', 'NICKNAME'],
  email: ['EMAIL'],
  phone: ['TEL'],
  organization: ['ORG'],
};

const CARD_PROPS = '<d:prop><d:getetag/><card:address-data/></d:prop>';
const ROOT_NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"';

/**
 * An `addressbook-query` (RFC 6352 §8.6) matching `text` as a case-insensitive substring of any of the
 * field's properties (as carddav/015–017), at most `limit` results (`card:limit`, which Sabre honours).
 */
export function addressBookQueryBody(text: string, field: ContactSearchField, limit: number): string {
  const filters = FIELD_PROPS[field]
    .map(
      (name) =>
        `<card:prop-filter name="${name}"><card:text-match collation="i;unicode-casemap" match-type="contains">` +
        `${escapeXml(text)}</card:text-match></card:prop-filter>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<card:addressbook-query ${ROOT_NS}>${CARD_PROPS}` +
    `<card:filter test="anyof">${filters}</card:filter>` +
    `<card:limit><card:nresults>${limit}</card:nresults></card:limit></card:addressbook-query>`
  );
}

/** An `addressbook-multiget` for the given (encoded) hrefs. */
export function multigetBody(hrefs: readonly string[]): string {
  const list = hrefs.map((href) => `<d:href>${escapeXml(href)}</d:href>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<card:addressbook-multiget ${ROOT_NS}>${CARD_PROPS}${list}</card:addressbook-multiget>`;
}

/** The cards of a query or multiget answer (responses without address data are left out). */
export function parseCards(xml: string, uid: string): CardData[] {
  const cards: CardData[] = [];
  for (const { href, props } of davResponses(xml)) {
    const [addressBook, id] = segmentsBelowHome(href, uid);
    const data = textProp(props['address-data']);
    if (addressBook === undefined || id === undefined || data === undefined) continue;
    cards.push({ addressBook, id, etag: unquoteEtag(textProp(props.getetag)), data });
  }
  return cards;
}
