import type { Request, Response } from 'express';
import ICAL from 'ical.js';
import { badRequest, DavError } from '../dav/davError.js';
import { decodeSegments } from '../dav/davPaths.js';
import { DAV_NS } from '../dav/namespaces.js';
import { parseDavBody, propNames } from '../dav/requestBody.js';
import type { UserAccount } from '../store/userStore.js';
import { escapeXml } from '../xml/escapeXml.js';
import { childOf, parseXml, type XmlElement, XmlSyntaxError } from '../xml/parseXml.js';
import { type CalendarNode, changedSince, type StoredObject, SYNC_PREFIX } from './calendarHome.js';
import { instancesOf, meets, parseUtc, utcTime } from './calendarTime.js';
import { calendarData, objectHref, objectProp } from './calProps.js';
import {
  CAL_NS,
  type CalResponse,
  calPropResponse,
  renderCalMultistatus,
  sendCalMultistatus,
  sendErrorWith,
} from './calXml.js';

const CALENDAR_DATA = `{${CAL_NS}}calendar-data`;
const SABRE_PRODID = '-//Sabre//Sabre VObject 4.5.6//EN';
const FAR_FUTURE = Date.UTC(2200, 0, 1);

interface Range {
  start: number;
  end: number;
}

function parseIcs(data: string): ICAL.Component | undefined {
  try {
    return new ICAL.Component(ICAL.parse(data) as unknown[]);
  } catch {
    return undefined;
  }
}

function rangeOf(element: XmlElement | undefined): Range | undefined {
  if (!element) return undefined;
  const start =
    element.attributes.start === undefined ? Number.NEGATIVE_INFINITY : parseUtc(element.attributes.start);
  const end = element.attributes.end === undefined ? FAR_FUTURE : parseUtc(element.attributes.end);
  if (start === undefined || end === undefined)
    throw badRequest('The time-range start and end must be UTC date-times');
  return { start, end };
}

// A DATE-TIME property in UTC (as Sabre's expand writes every instance), or the DATE as it is.
function setUtc(component: ICAL.Component, name: string, epoch: number, isDate: boolean): void {
  const property = component.getFirstProperty(name);
  const value = isDate
    ? ICAL.Time.fromDateString(new Date(epoch).toISOString().slice(0, 10))
    : utcTime(epoch);
  if (property) {
    property.removeParameter('tzid');
    property.setValue(value);
  } else component.addPropertyWithValue(name, value);
}

/** `<c:expand>`: the object re-serialised by Sabre, recurrences as instances in UTC (caldav/021, quirk 21). */
function expanded(data: string, range: Range): string {
  const source = parseIcs(data);
  if (!source) return data;
  const out = new ICAL.Component('vcalendar');
  out.addPropertyWithValue('version', '2.0');
  out.addPropertyWithValue('prodid', SABRE_PRODID);
  out.addPropertyWithValue('calscale', 'GREGORIAN');
  for (const name of ['vevent', 'vtodo']) {
    for (const instance of instancesOf(source, name, range.end)) {
      const recurring = instance.recurrenceId !== undefined;
      if (recurring && !meets(instance.start, instance.end, range)) continue;
      const copy = new ICAL.Component(JSON.parse(JSON.stringify(instance.component.toJSON())) as unknown[]);
      for (const prop of ['rrule', 'rdate', 'exdate']) copy.removeAllProperties(prop);
      const isDate =
        (instance.component.getFirstPropertyValue('dtstart') as ICAL.Time | null)?.isDate ?? false;
      if (copy.hasProperty('dtstart')) setUtc(copy, 'dtstart', instance.start, isDate);
      if (copy.hasProperty('dtend')) setUtc(copy, 'dtend', instance.end, isDate);
      if (instance.recurrenceId !== undefined) {
        copy.removeAllProperties('recurrence-id');
        setUtc(copy, 'recurrence-id', instance.recurrenceId, isDate);
      }
      out.addSubcomponent(copy);
    }
  }
  return escapeXml(`${out.toString()}\r\n`).replaceAll('\r', '&#13;');
}

function responseFor(
  user: UserAccount,
  calendar: CalendarNode,
  object: StoredObject,
  names: readonly string[],
  expand: Range | undefined,
): CalResponse {
  return calPropResponse(objectHref(user.uid, calendar.uri, object.name), names, (name) => {
    if (name === CALENDAR_DATA) return expand ? expanded(object.data, expand) : calendarData(object.data);
    return objectProp(object, name);
  });
}

function propMatches(component: ICAL.Component, filter: XmlElement): boolean {
  const name = (filter.attributes.name ?? '').toLowerCase();
  const present = component.hasProperty(name);
  if (childOf(filter, `{${CAL_NS}}is-not-defined`)) return !present;
  const textMatch = childOf(filter, `{${CAL_NS}}text-match`);
  if (!textMatch) return present;
  const wanted = textMatch.text.toLowerCase();
  const hit = component.getAllProperties(name).some((property) =>
    String(property.getFirstValue() ?? '')
      .toLowerCase()
      .includes(wanted),
  );
  return textMatch.attributes['negate-condition'] === 'yes' ? !hit : hit;
}

/** Whether an object matches the inner comp-filter (VEVENT / VTODO with time-range and prop-filters). */
function matches(object: StoredObject, filter: XmlElement | undefined): boolean {
  if (!filter) return true;
  const wanted = (filter.attributes.name ?? '').toUpperCase();
  if (wanted !== object.component) return false;
  const calendar = parseIcs(object.data);
  if (!calendar) return false;
  const master =
    calendar.getAllSubcomponents(wanted.toLowerCase()).find((c) => !c.hasProperty('recurrence-id')) ??
    calendar.getFirstSubcomponent(wanted.toLowerCase());
  if (!master) return false;
  for (const propFilter of filter.children.filter((child) => child.clark === `{${CAL_NS}}prop-filter`)) {
    if (!propMatches(master, propFilter)) return false;
  }
  const range = rangeOf(childOf(filter, `{${CAL_NS}}time-range`));
  if (!range) return true;
  // A recurring event matches as a whole (its master comes back unexpanded) when any instance is in range (quirk 22).
  return instancesOf(calendar, wanted.toLowerCase(), range.end).some(
    (instance) => Number.isNaN(instance.start) || meets(instance.start, instance.end, range),
  );
}

function calendarQuery(root: XmlElement, user: UserAccount, calendar: CalendarNode): CalResponse[] {
  const names = propNames(root);
  const dataProp = childOf(childOf(root, `{${DAV_NS}}prop`) ?? root, CALENDAR_DATA);
  const expand = rangeOf(dataProp ? childOf(dataProp, `{${CAL_NS}}expand`) : undefined);
  const outer = childOf(childOf(root, `{${CAL_NS}}filter`) ?? root, `{${CAL_NS}}comp-filter`);
  if (!outer || (outer.attributes.name ?? '').toUpperCase() !== 'VCALENDAR') {
    throw badRequest('The root comp-filter must be VCALENDAR');
  }
  const inner = childOf(outer, `{${CAL_NS}}comp-filter`);
  return [...calendar.objects.values()]
    .filter((object) => matches(object, inner))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((object) => responseFor(user, calendar, object, names, expand));
}

function multiget(root: XmlElement, user: UserAccount, calendar: CalendarNode): CalResponse[] {
  const names = propNames(root);
  const wanted = root.children
    .filter((child) => child.clark === `{${DAV_NS}}href`)
    .map((href) => decodeSegments(new URL(href.text.trim(), 'http://x').pathname).pop() ?? '');
  // Missing hrefs are silently left out (quirk 20).
  return [...new Set(wanted)]
    .map((name) => calendar.objects.get(name))
    .filter((object): object is StoredObject => object !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((object) => responseFor(user, calendar, object, names, undefined));
}

function syncCollection(root: XmlElement, user: UserAccount, calendar: CalendarNode, res: Response): void {
  const names = propNames(root);
  const token = childOf(root, `{${DAV_NS}}sync-token`)?.text.trim() ?? '';
  const current = `${SYNC_PREFIX}${calendar.syncToken}`;
  const sorted = (list: StoredObject[]) => list.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (token === '') {
    const all = sorted([...calendar.objects.values()]).map((object) =>
      responseFor(user, calendar, object, names, undefined),
    );
    sendCalMultistatus(res, renderCalMultistatus(all, current));
    return;
  }
  const match = /^http:\/\/sabre\.io\/ns\/sync\/(\d+)$/.exec(token);
  if (!match) {
    sendErrorWith(
      res,
      403,
      'Sabre\\DAV\\Exception\\InvalidSyncToken',
      'Invalid or unknown sync token',
      '<d:valid-sync-token/>',
    );
    return;
  }
  const since = Number(match[1]);
  // A token from the future is not refused: no changes, the current token (quirk 23).
  const changed = since > calendar.syncToken ? [] : changedSince(calendar, since);
  const present = sorted(changed.flatMap((name) => calendar.objects.get(name) ?? []));
  const deleted = changed.filter((name) => !calendar.objects.has(name)).sort();
  const responses: CalResponse[] = [
    ...present.map((object) => responseFor(user, calendar, object, names, undefined)),
    ...deleted.map((name) => ({ href: objectHref(user.uid, calendar.uri, name), status: 404 })),
  ];
  sendCalMultistatus(res, renderCalMultistatus(responses, current));
}

/** REPORT on a calendar: calendar-query, calendar-multiget, sync-collection. */
export function handleCalendarReport(
  req: Request,
  res: Response,
  user: UserAccount,
  calendar: CalendarNode,
): void {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw badRequest(error.message);
    throw error;
  }
  switch (root.clark) {
    case `{${CAL_NS}}calendar-query`:
      sendCalMultistatus(res, renderCalMultistatus(calendarQuery(root, user, calendar)));
      return;
    case `{${CAL_NS}}calendar-multiget`:
      sendCalMultistatus(res, renderCalMultistatus(multiget(root, user, calendar)));
      return;
    case `{${DAV_NS}}sync-collection`:
      syncCollection(parseDavBody(body, `{${DAV_NS}}sync-collection`), user, calendar, res);
      return;
    default:
      throw new DavError(
        415,
        'Sabre\\DAV\\Exception\\ReportNotSupported',
        'The {DAV:}report you requested is not supported',
      );
  }
}
