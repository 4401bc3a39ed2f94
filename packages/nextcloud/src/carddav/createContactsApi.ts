import { randomUUID } from 'node:crypto';
import { isNextcloudError, NextcloudError } from '../errors.js';
import { quoteEtag, unquoteEtag } from '../etag.js';
import { type DavSession, XML_CONTENT_TYPE } from '../webdav/davSession.js';
import { type SyncCollectionResult, syncCollection } from '../webdav/syncCollection.js';
import { escapeXml } from '../webdav/xml.js';
import {
  ADDRESS_BOOK_PROPFIND,
  type AddressBook,
  addressBookPath,
  checkSegment,
  DEFAULT_ADDRESS_BOOK,
  parseAddressBooks,
} from './addressBook.js';
import {
  addressBookQueryBody,
  type CardData,
  type ContactSearchField,
  multigetBody,
  parseCards,
} from './cardReport.js';
import { type Contact, readContact } from './contact.js';
import { applyPatch, buildCard, type ContactPatch, type NewContact } from './contactEdits.js';
import { VCardDocument } from './vcardDocument.js';

/** A server-side contact search. */
export interface ContactSearch {
  /** Matched as a case-insensitive substring (on the server). */
  text: string;
  field: ContactSearchField;
  /** One address book; default: every personal one (the system and app-generated books are left out). */
  addressBook?: string;
  limit: number;
}

/** Contacts over CardDAV in the user's address-book home (`/remote.php/dav/addressbooks/users/<uid>/`). */
export interface ContactsApi {
  /** The address books; the system and app-generated ones only with `includeSystem`. */
  listAddressBooks(opts?: { includeSystem?: boolean }): Promise<AddressBook[]>;
  /** `addressbook-query` on the server; `truncated` when more matched than `limit`. */
  searchContacts(search: ContactSearch): Promise<{ contacts: Contact[]; truncated: boolean }>;
  getContact(addressBook: string, id: string): Promise<Contact>;
  /** A card's vCard text exactly as stored, with its etag. */
  readCard(addressBook: string, id: string): Promise<{ data: string; etag: string }>;
  /** `addressbook-multiget`; missing ids are silently left out, as Nextcloud does (quirk 20). */
  multigetContacts(addressBook: string, ids: readonly string[]): Promise<Contact[]>;
  /** Creates a vCard 3.0 card (If-None-Match: *); the default address book is created when the user has none. */
  createContact(contact: NewContact, opts?: { addressBook?: string }): Promise<Contact>;
  /**
   * Changes only what `patch` names and writes the card back with If-Match; every other line stays byte
   * for byte. An `etag` that is not the current one is a `conflict`, as is a change that races the write.
   */
  updateContact(
    addressBook: string,
    id: string,
    patch: ContactPatch,
    opts?: { etag?: string },
  ): Promise<Contact>;
  deleteContact(addressBook: string, id: string, opts?: { etag?: string }): Promise<void>;
  /** RFC 6578 changes of one address book since `syncToken` (every card without one). */
  addressBookChanges(addressBook: string, syncToken: string | undefined): Promise<SyncCollectionResult>;
}

function toContact(card: CardData): Contact {
  return {
    addressBook: card.addressBook,
    id: card.id,
    etag: card.etag,
    ...readContact(VCardDocument.parse(card.data)),
  };
}

const VCARD_CONTENT_TYPE = 'text/vcard; charset=utf-8';

/** Builds {@link ContactsApi} on a DAV session. */
export function createContactsApi(dav: DavSession): ContactsApi {
  const { http, tokenSource, userId } = dav;

  async function cardTarget(addressBook: string, id: string): Promise<{ uid: string; path: string }> {
    const book = checkSegment(addressBook, 'address book');
    const card = checkSegment(id, 'contact');
    const uid = await userId();
    return { uid, path: addressBookPath(uid, book, card) };
  }

  async function readCard(addressBook: string, id: string): Promise<{ data: string; etag: string }> {
    const { path } = await cardTarget(addressBook, id);
    const response = await http.request(tokenSource, { method: 'GET', path, api: 'dav' });
    return { data: response.text, etag: unquoteEtag(response.headers.get('ETag')) };
  }

  async function listAddressBooks(opts: { includeSystem?: boolean } = {}): Promise<AddressBook[]> {
    const uid = await userId();
    const response = await http.request(tokenSource, {
      method: 'PROPFIND',
      path: addressBookPath(uid),
      api: 'dav',
      headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
      body: ADDRESS_BOOK_PROPFIND,
    });
    const books = parseAddressBooks(response.text, uid);
    return opts.includeSystem ? books : books.filter((book) => book.kind === 'personal');
  }

  async function put(
    addressBook: string,
    id: string,
    data: string,
    condition: { etag: string } | { createOnly: true },
  ): Promise<string | undefined> {
    const { path } = await cardTarget(addressBook, id);
    const response = await http.request(tokenSource, {
      method: 'PUT',
      path,
      api: 'dav',
      headers: {
        'Content-Type': VCARD_CONTENT_TYPE,
        ...('etag' in condition ? { 'If-Match': quoteEtag(condition.etag) } : { 'If-None-Match': '*' }),
      },
      body: data,
    });
    const etag = response.headers.get('ETag');
    // Nextcloud sends no ETag when it changed the card while storing it (carddav/010): read it back.
    return etag === null ? undefined : unquoteEtag(etag);
  }

  async function createDefaultAddressBook(): Promise<void> {
    const uid = await userId();
    await http.request(tokenSource, {
      method: 'MKCOL',
      path: addressBookPath(uid, DEFAULT_ADDRESS_BOOK),
      api: 'dav',
      headers: { 'Content-Type': XML_CONTENT_TYPE },
      // Extended MKCOL (RFC 5689), as carddav/002.
      body:
        '<?xml version="1.0" encoding="utf-8"?>\n<d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">' +
        '<d:set><d:prop><d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>' +
        `<d:displayname>${escapeXml('Contacts')}</d:displayname></d:prop></d:set></d:mkcol>`,
    });
  }

  async function getContact(addressBook: string, id: string): Promise<Contact> {
    const { data, etag } = await readCard(addressBook, id);
    return toContact({ addressBook, id, etag, data });
  }

  // After a write without an ETag in the answer, the stored card is read back for it.
  async function settled(
    addressBook: string,
    id: string,
    data: string,
    etag: string | undefined,
  ): Promise<Contact> {
    return etag === undefined ? getContact(addressBook, id) : toContact({ addressBook, id, etag, data });
  }

  return {
    listAddressBooks,
    readCard,
    getContact,

    async searchContacts({ text, field, addressBook, limit }) {
      const uid = await userId();
      const books =
        addressBook === undefined
          ? (await listAddressBooks()).map((book) => book.id)
          : [checkSegment(addressBook, 'address book')];
      const contacts: Contact[] = [];
      let truncated = false;
      for (const book of books) {
        const remaining = limit - contacts.length;
        if (remaining <= 0) {
          truncated = true;
          break;
        }
        const response = await http.request(tokenSource, {
          method: 'REPORT',
          path: addressBookPath(uid, book),
          api: 'dav',
          headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
          // One more than wanted tells whether there were more.
          body: addressBookQueryBody(text, field, remaining + 1),
        });
        const cards = parseCards(response.text, uid);
        if (cards.length > remaining) truncated = true;
        contacts.push(...cards.slice(0, remaining).map(toContact));
      }
      return { contacts, truncated };
    },

    async multigetContacts(addressBook, ids) {
      if (ids.length === 0) return [];
      const book = checkSegment(addressBook, 'address book');
      const uid = await userId();
      const hrefs = ids.map((id) => addressBookPath(uid, book, checkSegment(id, 'contact')));
      const response = await http.request(tokenSource, {
        method: 'REPORT',
        path: addressBookPath(uid, book),
        api: 'dav',
        headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
        body: multigetBody(hrefs),
      });
      return parseCards(response.text, uid).map(toContact);
    },

    async createContact(contact, opts = {}) {
      const addressBook = opts.addressBook ?? DEFAULT_ADDRESS_BOOK;
      const uid = randomUUID();
      const id = `${uid}.vcf`;
      const data = buildCard(contact, uid).toString();
      let etag: string | undefined;
      try {
        etag = await put(addressBook, id, data, { createOnly: true });
      } catch (error) {
        // A user who never signed in on the web has no address book yet (quirk 19): make the default one.
        const missingDefault =
          isNextcloudError(error, 'not_found') &&
          addressBook === DEFAULT_ADDRESS_BOOK &&
          !(await listAddressBooks()).some((book) => book.id === DEFAULT_ADDRESS_BOOK);
        if (!missingDefault) throw error;
        await createDefaultAddressBook();
        etag = await put(addressBook, id, data, { createOnly: true });
      }
      return settled(addressBook, id, data, etag);
    },

    async updateContact(addressBook, id, patch, opts = {}) {
      const current = await readCard(addressBook, id);
      if (opts.etag !== undefined && unquoteEtag(opts.etag) !== current.etag) {
        throw new NextcloudError('conflict', 'The contact changed since it was read', { status: 412 });
      }
      const doc = VCardDocument.parse(current.data);
      applyPatch(doc, patch);
      const data = doc.toString();
      const etag = await put(addressBook, id, data, { etag: current.etag });
      return settled(addressBook, id, data, etag);
    },

    async deleteContact(addressBook, id, opts = {}) {
      const { path } = await cardTarget(addressBook, id);
      await http.request(tokenSource, {
        method: 'DELETE',
        path,
        api: 'dav',
        ...(opts.etag === undefined ? {} : { headers: { 'If-Match': quoteEtag(unquoteEtag(opts.etag)) } }),
      });
    },

    async addressBookChanges(addressBook, syncToken) {
      const uid = await userId();
      return syncCollection(dav, addressBookPath(uid, checkSegment(addressBook, 'address book')), syncToken);
    },
  };
}
