import { NextcloudError } from '../errors.js';
import { quoteEtag, unquoteEtag } from '../etag.js';
import { protocolError } from '../http.js';
import { type DavSession, XML_CONTENT_TYPE } from '../webdav/davSession.js';
import { type SyncCollectionResult, syncCollection } from '../webdav/syncCollection.js';
import { asList, CALDAV_NAMESPACES, caldavResponses, caldavUtc, element, textOf } from './caldavXml.js';
import { type CalendarInfo, lastSegment, toCalendarInfo } from './calendarInfo.js';
import { tzidOfCalendarData } from './icalData.js';

/** One calendar object resource (an `.ics`): its name in the calendar, ETag (unquoted) and iCalendar text. */
export interface CalendarObject {
  name: string;
  etag: string;
  data: string;
}

/** A calendar-query: one component type, optionally within a time range, optionally only open tasks. */
export interface CalendarQuery {
  component: 'VEVENT' | 'VTODO';
  /** Epoch milliseconds; both or neither. */
  start?: number;
  end?: number;
  /** VTODO only: no COMPLETED property (caldav/028). */
  openOnly?: boolean;
  /** Ask the server to expand recurrences into instances in UTC (`<c:expand>`, caldav/021). */
  expand?: boolean;
}

/** Raw CalDAV on the user's calendar home (`/remote.php/dav/calendars/<uid>/`). */
export interface CaldavApi {
  /** The encoded path of the user's calendar home, from the uid (Nextcloud's fixed layout, caldav/002). */
  homePath(): Promise<string>;
  /** The live calendars of the home (deleted ones, inbox, outbox and trash bin left out). */
  listCalendars(): Promise<CalendarInfo[]>;
  /** `calendar-query` REPORT; objects in server order. */
  query(calendarId: string, query: CalendarQuery): Promise<CalendarObject[]>;
  /** `calendar-multiget` REPORT; missing names are silently left out, as Nextcloud does (quirk 20). */
  multiget(calendarId: string, names: readonly string[]): Promise<CalendarObject[]>;
  get(calendarId: string, name: string): Promise<CalendarObject>;
  /** PUT; `etag` makes it conditional (If-Match), `createOnly` refuses to replace (If-None-Match: *). */
  put(
    calendarId: string,
    name: string,
    data: string,
    opts: { etag?: string; createOnly?: boolean },
  ): Promise<{ etag: string | undefined; created: boolean }>;
  /** DELETE; `etag` makes it conditional. */
  delete(calendarId: string, name: string, opts?: { etag?: string }): Promise<void>;
  /** MKCALENDAR (a 405 for an existing one is a `conflict`). */
  createCalendar(
    calendarId: string,
    opts: { displayName: string; color?: string; components: readonly ('VEVENT' | 'VTODO')[] },
  ): Promise<void>;
  /** RFC 6578 sync of one calendar. */
  sync(calendarId: string, syncToken: string | undefined): Promise<SyncCollectionResult>;
  /** The user's calendar address (`mailto:` of calendar-user-address-set), when the principal has one. */
  userAddress(): Promise<string | undefined>;
}

const CALENDAR_PROPS =
  '<d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><c:supported-calendar-component-set/>' +
  '<x1:calendar-color/><x1:calendar-order/><c:calendar-timezone/><d:current-user-privilege-set/>';

/** Refuses calendar and object names that could leave the collection. */
export function checkName(kind: 'calendar' | 'object', name: string): string {
  if (
    typeof name !== 'string' ||
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.length > 255 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    /[/\\\u0000-\u001f\u007f]/.test(name)
  ) {
    throw new NextcloudError('invalid_path', `Invalid ${kind} name`);
  }
  return name;
}

function objectsOf(xml: string): CalendarObject[] {
  return caldavResponses(xml)
    .filter((response) => response.status === undefined || response.status === 200)
    .map((response) => {
      const data = textOf(response.props['calendar-data']);
      const etag = textOf(response.props.getetag);
      if (data === undefined || etag === undefined) throw protocolError();
      return { name: lastSegment(response.href), etag: unquoteEtag(etag), data };
    });
}

function queryBody(query: CalendarQuery): string {
  const range =
    query.start !== undefined && query.end !== undefined
      ? `<c:time-range start="${caldavUtc(query.start)}" end="${caldavUtc(query.end)}"/>`
      : '';
  const expand =
    query.expand && range !== ''
      ? `<c:calendar-data>${range.replace('time-range', 'expand')}</c:calendar-data>`
      : '<c:calendar-data/>';
  const open = query.openOnly ? '<c:prop-filter name="COMPLETED"><c:is-not-defined/></c:prop-filter>' : '';
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<c:calendar-query ${CALDAV_NAMESPACES}>` +
    `<d:prop><d:getetag/>${expand}</d:prop><c:filter><c:comp-filter name="VCALENDAR">` +
    `<c:comp-filter name="${query.component}">${range}${open}</c:comp-filter>` +
    '</c:comp-filter></c:filter></c:calendar-query>'
  );
}

/** Builds the CalDAV part of a session. */
export function createCaldavApi({ http, tokenSource, userId }: DavSession): CaldavApi {
  const homePath = async () => `/remote.php/dav/calendars/${encodeURIComponent(await userId())}/`;
  const calendarPath = async (calendarId: string) =>
    `${await homePath()}${encodeURIComponent(checkName('calendar', calendarId))}/`;
  const objectPath = async (calendarId: string, name: string) =>
    `${await calendarPath(calendarId)}${encodeURIComponent(checkName('object', name))}`;

  async function report(path: string, body: string): Promise<string> {
    const response = await http.request(tokenSource, {
      method: 'REPORT',
      path,
      api: 'dav',
      headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
      body,
    });
    return response.text;
  }

  return {
    homePath,

    async listCalendars() {
      const response = await http.request(tokenSource, {
        method: 'PROPFIND',
        path: await homePath(),
        api: 'dav',
        headers: { Depth: '1', 'Content-Type': XML_CONTENT_TYPE },
        body: `<?xml version="1.0" encoding="utf-8"?>\n<d:propfind ${CALDAV_NAMESPACES}><d:prop>${CALENDAR_PROPS}</d:prop></d:propfind>`,
      });
      return caldavResponses(response.text)
        .map((each) => toCalendarInfo(each, tzidOfCalendarData))
        .filter((calendar): calendar is CalendarInfo => calendar !== undefined);
    },

    async query(calendarId, query) {
      return objectsOf(await report(await calendarPath(calendarId), queryBody(query)));
    },

    async multiget(calendarId, names) {
      if (names.length === 0) return [];
      const base = await calendarPath(calendarId);
      const hrefs = names.map((name) =>
        element('d:href', `${base}${encodeURIComponent(checkName('object', name))}`),
      );
      const body =
        `<?xml version="1.0" encoding="utf-8"?>\n<c:calendar-multiget ${CALDAV_NAMESPACES}>` +
        `<d:prop><d:getetag/><c:calendar-data/></d:prop>${hrefs.join('')}</c:calendar-multiget>`;
      return objectsOf(await report(base, body));
    },

    async get(calendarId, name) {
      const response = await http.request(tokenSource, {
        method: 'GET',
        path: await objectPath(calendarId, name),
        api: 'dav',
      });
      const etag = response.headers.get('ETag');
      if (etag === null) throw protocolError();
      return { name, etag: unquoteEtag(etag), data: response.text };
    },

    async put(calendarId, name, data, opts) {
      const headers: Record<string, string> = { 'Content-Type': 'text/calendar; charset=utf-8' };
      if (opts.etag !== undefined) headers['If-Match'] = quoteEtag(opts.etag);
      if (opts.createOnly) headers['If-None-Match'] = '*';
      const response = await http.request(tokenSource, {
        method: 'PUT',
        path: await objectPath(calendarId, name),
        api: 'dav',
        headers,
        body: data,
      });
      const etag = response.headers.get('ETag');
      return { etag: etag === null ? undefined : unquoteEtag(etag), created: response.status === 201 };
    },

    async delete(calendarId, name, opts = {}) {
      await http.request(tokenSource, {
        method: 'DELETE',
        path: await objectPath(calendarId, name),
        api: 'dav',
        ...(opts.etag === undefined ? {} : { headers: { 'If-Match': quoteEtag(opts.etag) } }),
      });
    },

    async createCalendar(calendarId, opts) {
      const comps = opts.components.map((name) => `<c:comp name="${name}"/>`).join('');
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<c:mkcalendar ${CALDAV_NAMESPACES}><d:set><d:prop>` +
        element('d:displayname', opts.displayName) +
        (opts.color === undefined ? '' : element('x1:calendar-color', opts.color)) +
        `<c:supported-calendar-component-set>${comps}</c:supported-calendar-component-set>` +
        '</d:prop></d:set></c:mkcalendar>';
      const response = await http.request(tokenSource, {
        method: 'MKCALENDAR',
        path: await calendarPath(calendarId),
        api: 'dav',
        headers: { 'Content-Type': XML_CONTENT_TYPE },
        body,
        passStatuses: [405],
      });
      // The name is taken (caldav/006).
      if (response.status === 405) {
        throw new NextcloudError('conflict', 'A calendar with this name already exists', { status: 405 });
      }
    },

    async sync(calendarId, syncToken) {
      return syncCollection({ http, tokenSource }, await calendarPath(calendarId), syncToken);
    },

    async userAddress() {
      const response = await http.request(tokenSource, {
        method: 'PROPFIND',
        path: `/remote.php/dav/principals/users/${encodeURIComponent(await userId())}/`,
        api: 'dav',
        headers: { Depth: '0', 'Content-Type': XML_CONTENT_TYPE },
        body: `<?xml version="1.0"?>\n<d:propfind ${CALDAV_NAMESPACES}><d:prop><c:calendar-user-address-set/></d:prop></d:propfind>`,
      });
      const [principal] = caldavResponses(response.text);
      const set = principal?.props['calendar-user-address-set'];
      const hrefs = set && typeof set === 'object' ? asList((set as Record<string, unknown>).href) : [];
      return hrefs.map(textOf).find((href) => href?.toLowerCase().startsWith('mailto:'));
    },
  };
}
