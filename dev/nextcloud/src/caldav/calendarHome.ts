import { createHash } from 'node:crypto';
import type { UserAccount } from '../store/userStore.js';

/** One stored calendar object: the text exactly as PUT (GET returns it with its CRLF, caldav/017). */
export interface StoredObject {
  readonly name: string;
  readonly data: string;
  /** md5 of the stored text, unquoted: Nextcloud's object ETag (caldav/009 and 024 check out). */
  readonly etag: string;
  readonly uid: string;
  /** 'VEVENT' or 'VTODO' (the `component=` of the content type). */
  readonly component: string;
  /** Unix seconds. */
  readonly lastModified: number;
}

/** A calendar collection of a user's home. */
export interface CalendarNode {
  readonly uri: string;
  displayName: string;
  color: string;
  readonly components: readonly string[];
  /** `personal` (the default one), `birthdays` (generated, read-only) or `user` (MKCALENDAR). */
  readonly kind: 'personal' | 'birthdays' | 'user';
  /** A new calendar starts at 1 and every change (object or property) adds one (caldav/008, 023, 039). */
  syncToken: number;
  readonly objects: Map<string, StoredObject>;
  readonly changes: Array<{ readonly token: number; readonly name: string }>;
  /** Unix seconds; a deleted calendar stays listed as `nc:deleted-calendar` (quirk 25). */
  deletedAt?: number;
}

/** `http://sabre.io/ns/sync/<n>`. */
export const SYNC_PREFIX = 'http://sabre.io/ns/sync/';

/** md5 hex of an object's text. */
export function objectEtag(data: string): string {
  return createHash('md5').update(data, 'utf8').digest('hex');
}

const homes = new WeakMap<UserAccount, Map<string, CalendarNode>>();

function newCalendar(
  uri: string,
  displayName: string,
  color: string,
  components: readonly string[],
  kind: CalendarNode['kind'],
  syncToken = 1,
): CalendarNode {
  return { uri, displayName, color, components, kind, syncToken, objects: new Map(), changes: [] };
}

/**
 * The calendars of `user`, created on first use with what the recorded account had after its first
 * web login (caldav/003): `personal` (VEVENT only; its "Example event – open me!" is not reproduced, so
 * its sync token starts at 1, not 2) and the generated `contact_birthdays` (token 2 as recorded), empty.
 */
export function calendarsOf(user: UserAccount): Map<string, CalendarNode> {
  let home = homes.get(user);
  if (!home) {
    home = new Map([
      ['personal', newCalendar('personal', 'Personal', '#00679e', ['VEVENT'], 'personal')],
      [
        'contact_birthdays',
        newCalendar('contact_birthdays', 'Contact birthdays', '#E9D859', ['VEVENT'], 'birthdays', 2),
      ],
    ]);
    homes.set(user, home);
  }
  return home;
}

/** A live (not deleted) calendar of `user` by URI. */
export function liveCalendar(user: UserAccount, uri: string): CalendarNode | undefined {
  const calendar = calendarsOf(user).get(uri);
  return calendar && calendar.deletedAt === undefined ? calendar : undefined;
}

/** MKCALENDAR. */
export function createCalendar(
  user: UserAccount,
  uri: string,
  displayName: string,
  color: string,
  components: readonly string[],
): CalendarNode {
  const calendar = newCalendar(uri, displayName, color, components, 'user');
  calendarsOf(user).set(uri, calendar);
  return calendar;
}

/** Records a change of `name` ('' for a property change) under the current token and moves the token on. */
export function recordChange(calendar: CalendarNode, name: string): void {
  calendar.changes.push({ token: calendar.syncToken, name });
  calendar.syncToken += 1;
}

/** Stores (or replaces) an object and logs the change. */
export function storeObject(calendar: CalendarNode, object: Omit<StoredObject, 'etag'>): StoredObject {
  const stored: StoredObject = { ...object, etag: objectEtag(object.data) };
  calendar.objects.set(object.name, stored);
  recordChange(calendar, object.name);
  return stored;
}

/** Removes an object and logs the change. */
export function removeObject(calendar: CalendarNode, name: string): void {
  calendar.objects.delete(name);
  recordChange(calendar, name);
}

/** Object names changed since token `since` (Sabre's change log: `token >= since`), each once. */
export function changedSince(calendar: CalendarNode, since: number): string[] {
  const names = calendar.changes
    .filter((change) => change.token >= since && change.name !== '')
    .map((change) => change.name);
  return [...new Set(names)];
}
