import { type Contact, isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import type { IndexItem } from '@nc-mcp/search-index';
import { type DavCollectionKind, type DavMember, syncDavCollections } from './davCollectionSync.js';
import type { SyncSource } from './syncSource.js';

/** The link an indexed contact carries (what nc_search shows, and re-checks through). */
export function contactLink(addressBook: string, cardId: string): string {
  return `nextcloud://contacts/${encodeURIComponent(addressBook)}/${encodeURIComponent(cardId)}`;
}

function displayName(contact: Contact): string {
  const name = [contact.name?.given, contact.name?.family].filter(Boolean).join(' ');
  return contact.fullName ?? (name || contact.organization || contact.emails[0]?.value || '');
}

/**
 * The index item of one contact: FN as title; emails, phones, organisation and note as text. The photo
 * is never read (the parsed contact only says whether there is one).
 */
export function contactItem(href: string, contact: Contact, seenAt: number): IndexItem {
  const parts = [
    contact.nickname,
    ...contact.emails.map((email) => email.value),
    ...contact.phones.map((phone) => phone.value),
    contact.organization,
    contact.department,
    contact.title,
    contact.note,
  ];
  return {
    family: 'contacts',
    id: href,
    title: displayName(contact),
    content: parts.filter((part) => part !== undefined && part !== '').join('\n'),
    link: contactLink(contact.addressBook, contact.id),
    etag: contact.etag,
    // The parsed card carries no REV: a change is dated when the sync first sees it.
    modifiedAt: seenAt,
  };
}

// A card Nextcloud holds but that cannot be parsed (`bad_request` from the vCard reader, `protocol`).
const unreadable = (error: unknown) =>
  isNextcloudError(error, 'bad_request') || isNextcloudError(error, 'protocol');

// One unreadable card spoils a multiget's parse: the batch is read again card by card to find it.
async function oneByOne(
  session: NextcloudSession,
  addressBook: string,
  members: readonly DavMember[],
  errors: string[],
): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (const member of members) {
    try {
      contacts.push(await session.contacts.getContact(addressBook, member.name));
    } catch (error) {
      if (isNextcloudError(error, 'not_found')) continue;
      if (!unreadable(error)) throw error;
      errors.push(`contacts: ${member.name} in ${addressBook} could not be read`);
    }
  }
  return contacts;
}

async function readCards(
  session: NextcloudSession,
  addressBook: string,
  members: readonly DavMember[],
  errors: string[],
): Promise<IndexItem[]> {
  const hrefOf = new Map(members.map((member) => [member.name, member.href]));
  let contacts: Contact[];
  try {
    contacts = await session.contacts.multigetContacts(
      addressBook,
      members.map((member) => member.name),
    );
  } catch (error) {
    if (!unreadable(error)) throw error;
    contacts = await oneByOne(session, addressBook, members, errors);
  }
  const seenAt = Date.now();
  return contacts.flatMap((contact) => {
    const href = hrefOf.get(contact.id);
    return href === undefined ? [] : [contactItem(href, contact, seenAt)];
  });
}

const addressBooks: DavCollectionKind = {
  family: 'contacts',
  async collections(session) {
    // The user's own books only: the system directory and app-generated books are not theirs to search.
    return (await session.contacts.listAddressBooks()).map((book) => ({
      id: book.id,
      syncToken: book.syncToken,
    }));
  },
  changes: (session, addressBook, syncToken) => session.contacts.addressBookChanges(addressBook, syncToken),
  read: readCards,
};

/** Contacts over CardDAV: the cards of the user's own address books, incrementally with sync-collection. */
export const contactsSource: SyncSource = {
  family: 'contacts',
  scope: 'contacts.read',
  sync: (context) => syncDavCollections(addressBooks, context),
};
