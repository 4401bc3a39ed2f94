import { protocolError } from '../http.js';
import { asList, type CaldavResponse, isNode, textOf } from './caldavXml.js';

/** A calendar of the user's calendar home. */
export interface CalendarInfo {
  /** The collection's name in the home ('personal'); what the calendar tools take as `calendarId`. */
  id: string;
  displayName: string;
  color: string | undefined;
  /** The components it takes, e.g. ['VEVENT'] or ['VEVENT', 'VTODO']. */
  components: string[];
  /** No write privilege for the user (e.g. the birthday calendar, a calendar shared read-only). */
  readOnly: boolean;
  /** Nextcloud's generated `contact_birthdays` calendar. */
  birthdays: boolean;
  /** Changes whenever the calendar's content changes. */
  ctag: string | undefined;
  syncToken: string | undefined;
  /** The TZID of the calendar's `calendar-timezone`, used for floating times; undefined when not set. */
  timeZone: string | undefined;
  order: number | undefined;
}

/** The collection name in Nextcloud of the generated birthday calendar. */
export const BIRTHDAY_CALENDAR_ID = 'contact_birthdays';

/** The last decoded segment of an href ('/…/personal/' → 'personal'). */
export function lastSegment(href: string): string {
  const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(href) ? new URL(href).pathname : href;
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const last = segments[segments.length - 1];
  if (last === undefined) throw protocolError();
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

// `write`, `write-content` or `all` among the privileges; a server that does not report the set is
// taken at its word that it lets the owner write (Nextcloud's own calendars), except for birthdays.
function writable(privileges: unknown, birthdays: boolean): boolean {
  if (!isNode(privileges)) return !birthdays;
  return asList(privileges.privilege).some(
    (privilege) =>
      isNode(privilege) && ('write' in privilege || 'write-content' in privilege || 'all' in privilege),
  );
}

// The TZID inside `calendar-timezone` (a VCALENDAR with one VTIMEZONE), parsed with ical.js; only a zone
// Intl knows is kept, since floating times are then computed with Intl's rules.
function timeZoneOf(value: unknown, tzidOf: (ics: string) => string | undefined): string | undefined {
  const ics = textOf(value);
  return ics ? tzidOf(ics) : undefined;
}

/** A calendar from one response of the home PROPFIND; undefined for anything that is not a live calendar. */
export function toCalendarInfo(
  response: CaldavResponse,
  tzidOf: (ics: string) => string | undefined,
): CalendarInfo | undefined {
  const { props } = response;
  // Deleted calendars stay listed with `nc:deleted-calendar` instead of `cal:calendar` (quirk 25).
  if (!isNode(props.resourcetype) || !('calendar' in props.resourcetype)) return undefined;
  const id = lastSegment(response.href);
  const birthdays = id === BIRTHDAY_CALENDAR_ID;
  const componentSet = props['supported-calendar-component-set'];
  const components = isNode(componentSet)
    ? asList(componentSet.comp)
        .map((comp) => (isNode(comp) && typeof comp['@name'] === 'string' ? comp['@name'].toUpperCase() : ''))
        .filter((name) => name !== '')
    : ['VEVENT', 'VTODO'];
  const order = Number(textOf(props['calendar-order']));
  return {
    id,
    displayName: textOf(props.displayname) || id,
    color: textOf(props['calendar-color']) || undefined,
    components,
    readOnly: !writable(props['current-user-privilege-set'], birthdays),
    birthdays,
    ctag: textOf(props.getctag) || undefined,
    syncToken: textOf(props['sync-token']) || undefined,
    timeZone: timeZoneOf(props['calendar-timezone'], tzidOf),
    order: Number.isFinite(order) ? order : undefined,
  };
}
