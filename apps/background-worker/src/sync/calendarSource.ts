import {
  BIRTHDAY_CALENDAR_ID,
  type CalendarObject,
  isNextcloudError,
  type NextcloudSession,
  parseCalendarData,
} from '@nc-mcp/nextcloud';
import type { IndexItem } from '@nc-mcp/search-index';
import { type DavCollectionKind, type DavMember, syncDavCollections } from './davCollectionSync.js';
import type { SyncSource } from './syncSource.js';

type Component = ReturnType<typeof parseCalendarData>;

function text(component: Component, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// ical.js Time values (DATE and DATE-TIME) have toUnixTime(); anything else is not a time.
function epochMs(component: Component, name: string): number | undefined {
  const value = component.getFirstPropertyValue(name) as { toUnixTime?: () => number } | null;
  const seconds = typeof value?.toUnixTime === 'function' ? value.toUnixTime() : Number.NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function timeText(component: Component, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name) as { toUnixTime?: unknown } | null;
  return typeof value?.toUnixTime === 'function' ? String(value) : undefined;
}

/** The link an indexed calendar object carries (what nc_search shows, and re-checks through). */
export function calendarLink(calendarId: string, objectName: string): string {
  return `nextcloud://calendar/${encodeURIComponent(calendarId)}/${encodeURIComponent(objectName)}`;
}

/**
 * The index item of one calendar object: its event or task (the series master when a recurring event
 * carries overrides), SUMMARY as title, description and location (and a task's status and due) as text.
 * Undefined when the object holds neither.
 */
export function calendarItem(
  calendarId: string,
  href: string,
  object: CalendarObject,
): IndexItem | undefined {
  const components = parseCalendarData(object.data)
    .getAllSubcomponents()
    .filter((component) => component.name === 'vevent' || component.name === 'vtodo');
  const main = components.find((component) => !component.hasProperty('recurrence-id')) ?? components[0];
  if (main === undefined) return undefined;
  const parts = [text(main, 'description'), text(main, 'location')];
  if (main.name === 'vtodo') {
    parts.push(`Task status: ${(text(main, 'status') ?? 'NEEDS-ACTION').toUpperCase()}`);
    const due = timeText(main, 'due');
    if (due !== undefined) parts.push(`Due: ${due}`);
  }
  return {
    family: 'calendar',
    id: href,
    title: text(main, 'summary') ?? '',
    content: parts.filter((part) => part !== undefined).join('\n'),
    link: calendarLink(calendarId, object.name),
    etag: object.etag,
    modifiedAt: epochMs(main, 'last-modified') ?? epochMs(main, 'dtstamp') ?? 0,
  };
}

async function readObjects(
  session: NextcloudSession,
  calendarId: string,
  members: readonly DavMember[],
  errors: string[],
): Promise<IndexItem[]> {
  const hrefOf = new Map(members.map((member) => [member.name, member.href]));
  const objects = await session.caldav.multiget(
    calendarId,
    members.map((member) => member.name),
  );
  const items: IndexItem[] = [];
  for (const object of objects) {
    const href = hrefOf.get(object.name);
    if (href === undefined) continue;
    try {
      const item = calendarItem(calendarId, href, object);
      if (item !== undefined) items.push(item);
    } catch (error) {
      if (!isNextcloudError(error, 'protocol')) throw error;
      errors.push(`calendar: ${object.name} in ${calendarId} could not be read`);
    }
  }
  return items;
}

const calendars: DavCollectionKind = {
  family: 'calendar',
  async collections(session) {
    // The birthday calendar is generated from contacts, which the contacts family indexes already.
    return (await session.caldav.listCalendars())
      .filter((calendar) => !calendar.birthdays && calendar.id !== BIRTHDAY_CALENDAR_ID)
      .map((calendar) => ({ id: calendar.id, syncToken: calendar.syncToken }));
  },
  changes: (session, calendarId, syncToken) => session.caldav.sync(calendarId, syncToken),
  read: readObjects,
};

/** Calendars over CalDAV: events and tasks of every calendar, incrementally with sync-collection. */
export const calendarSource: SyncSource = {
  family: 'calendar',
  scope: 'calendar.read',
  sync: (context) => syncDavCollections(calendars, context),
};
