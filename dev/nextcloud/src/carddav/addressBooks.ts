import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import type { UserAccount, UserStore } from '../store/userStore.js';

/** One stored vCard: the text exactly as stored (Nextcloud keeps what was PUT, quirk 26). */
export interface StoredCard {
  readonly name: string;
  readonly data: string;
  /** md5 of the stored text, unquoted: Nextcloud's card ETag (carddav/005 and 011 check out). */
  readonly etag: string;
  readonly uid: string;
  /** Unix seconds. */
  readonly lastModified: number;
}

/** One change of an address book's sync log: the token it was recorded under. */
interface Change {
  readonly token: number;
  readonly name: string;
}

/** An address book of a user's home. */
export interface AddressBookNode {
  readonly uri: string;
  displayName: string;
  description: string | undefined;
  /** `system` (the account directory) and `app` (contactsinteraction's) books are read-only. */
  readonly kind: 'personal' | 'system' | 'app';
  /** The current sync token number; a new book starts at 1 and every change adds one (carddav/004, 020, 025). */
  syncToken: number;
  readonly cards: Map<string, StoredCard>;
  readonly changes: Change[];
}

/** `http://sabre.io/ns/sync/<n>`. */
export const SYNC_TOKEN_PREFIX = 'http://sabre.io/ns/sync/';
/** The account directory every user sees (carddav/001, 027). */
export const SYSTEM_BOOK = 'z-server-generated--system';
/** contactsinteraction's "Recently contacted" book (carddav/001); the double keeps it empty. */
export const RECENT_BOOK = 'z-app-generated--contactsinteraction--recent';

/** md5 hex of a card's text. */
export function cardEtag(data: string): string {
  return createHash('md5').update(data, 'utf8').digest('hex');
}

/** The personal address books of every user, keyed by account (a `reset()` makes new accounts). */
const homes = new WeakMap<UserAccount, Map<string, AddressBookNode>>();

function personalBooks(user: UserAccount): Map<string, AddressBookNode> {
  let books = homes.get(user);
  if (!books) {
    // No `contacts` book: Nextcloud creates it at the first *web* login, which never happens here (quirk 19).
    books = new Map();
    homes.set(user, books);
  }
  return books;
}

/** A new, empty personal address book (extended MKCOL). */
export function createBook(
  user: UserAccount,
  uri: string,
  displayName: string,
  description?: string,
): AddressBookNode {
  const book: AddressBookNode = {
    uri,
    displayName,
    description,
    kind: 'personal',
    syncToken: 1,
    cards: new Map(),
    changes: [],
  };
  personalBooks(user).set(uri, book);
  return book;
}

/** Deletes a personal address book; false when there is none by that URI. */
export function deleteBook(user: UserAccount, uri: string): boolean {
  return personalBooks(user).delete(uri);
}

/** Stores (or replaces) a card and logs the change. */
export function storeCard(
  book: AddressBookNode,
  name: string,
  data: string,
  uid: string,
  now: number,
): StoredCard {
  const card: StoredCard = { name, data, etag: cardEtag(data), uid, lastModified: now };
  book.cards.set(name, card);
  book.changes.push({ token: book.syncToken, name });
  book.syncToken += 1;
  return card;
}

/** Removes a card and logs the change. */
export function removeCard(book: AddressBookNode, name: string): void {
  book.cards.delete(name);
  book.changes.push({ token: book.syncToken, name });
  book.syncToken += 1;
}

/** Names changed since token `since` (inclusive, as Sabre's change log), in change order, each once. */
export function changedSince(book: AddressBookNode, since: number): string[] {
  const names = book.changes.filter((change) => change.token >= since).map((change) => change.name);
  return [...new Set(names.reverse())].reverse();
}

// The system book's card of an account, written with ical.js (the real one also has CLOUD, PHOTO…).
function accountCard(account: UserAccount): string {
  const props = [
    ['version', {}, 'text', '3.0'],
    ['prodid', {}, 'text', '-//Sabre//Sabre VObject 4.5.6//EN'],
    ['uid', {}, 'text', account.uid],
    ['fn', {}, 'text', account.displayName],
    ['n', {}, 'text', [account.displayName, '', '', '', '']],
    ...(account.email ? [['email', { type: 'OTHER' }, 'text', account.email]] : []),
    ['cloud', {}, 'unknown', `${account.uid}@localhost`],
  ];
  return `${new ICAL.Component(['vcard', props, []]).toString()}\r\n`;
}

function systemBook(store: UserStore): AddressBookNode {
  const cards = new Map<string, StoredCard>();
  for (const account of [...store.all()].sort((a, b) => (a.uid < b.uid ? -1 : 1))) {
    const name = `${account.backend === 'user_oidc' ? 'user_oidc' : 'Database'}:${account.uid}.vcf`;
    const data = accountCard(account);
    cards.set(name, { name, data, etag: cardEtag(data), uid: account.uid, lastModified: account.firstLogin });
  }
  return {
    uri: SYSTEM_BOOK,
    displayName: 'Accounts',
    description: 'System address book which holds all accounts',
    kind: 'system',
    syncToken: cards.size + 1,
    cards,
    changes: [],
  };
}

function recentBook(): AddressBookNode {
  return {
    uri: RECENT_BOOK,
    displayName: 'Recently contacted',
    description: undefined,
    kind: 'app',
    syncToken: 0,
    cards: new Map(),
    changes: [],
  };
}

/** Every address book of `user`'s home, in Nextcloud's order (own ones, then system, then app ones). */
export function booksOf(user: UserAccount, store: UserStore): AddressBookNode[] {
  return [...personalBooks(user).values(), systemBook(store), recentBook()];
}

/** One address book of `user`'s home by URI. */
export function bookOf(user: UserAccount, store: UserStore, uri: string): AddressBookNode | undefined {
  return booksOf(user, store).find((book) => book.uri === uri);
}
