import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import { setTextProperty, touch, utcNow } from './icalData.js';
import { inputEpoch, parseTimeInput, setTimeProperty, type TimeInput } from './instants.js';
import { buildVtimezone } from './vtimezone.js';
import { isKnownZone } from './zones.js';

/** The PRODID this client writes into new objects. */
export const PRODID = '-//nc-mcp//Nextcloud MCP server//EN';

/** What a caller can set on an event; on an update, an absent field keeps its value and `null` clears it. */
export interface EventFields {
  summary?: string;
  /** `YYYY-MM-DD` (all-day), `YYYY-MM-DDTHH:MM` in `timeZone`, or an ISO time with offset. */
  start?: string;
  /** Exclusive: an all-day event on 24 Dec ends on '…-12-25'. Default: the start's day + 1, or start + 1 hour. */
  end?: string;
  /** IANA zone of the start and end ('Europe/Berlin'); default UTC. */
  timeZone?: string;
  location?: string | null;
  description?: string | null;
  /** An RRULE value, e.g. 'FREQ=WEEKLY;BYDAY=TU;COUNT=10'; `null` makes the series a single event. */
  rrule?: string | null;
  /** Replaces every reminder; `[]` or `null` removes them. */
  reminders?: Array<{ minutesBefore: number }> | null;
  /** Replaces every attendee; `[]` or `null` removes them. */
  attendees?: Array<{ email: string; name?: string; optional?: boolean }> | null;
  /** TRANSP:TRANSPARENT (free) or OPAQUE (busy). */
  transparent?: boolean;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

function invalid(message: string): NextcloudError {
  return new NextcloudError('bad_request', message);
}

/** Adds a VTIMEZONE for every IANA TZID the calendar's components use and it does not define yet. */
export function addMissingTimezones(calendar: ICAL.Component): void {
  const defined = new Set(
    calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
  );
  const wanted = new Map<string, number>();
  for (const component of calendar.getAllSubcomponents()) {
    for (const property of component.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      const value = property.getFirstValue();
      if (typeof tzid === 'string' && !defined.has(tzid) && value instanceof ICAL.Time && !wanted.has(tzid)) {
        wanted.set(tzid, value.year);
      }
    }
  }
  if (wanted.size === 0) return;
  // VTIMEZONEs go before the components that use them, as clients write them.
  const others = calendar.getAllSubcomponents().filter((component) => component.name !== 'vtimezone');
  for (const other of others) calendar.removeSubcomponent(other);
  for (const [tzid, year] of wanted) calendar.addSubcomponent(buildVtimezone(tzid, year));
  for (const other of others) calendar.addSubcomponent(other);
}

function parseRrule(value: string): ICAL.Recur {
  const text = value.replace(/^RRULE:/i, '').trim();
  if (!/^[A-Z0-9=;,+-]{1,500}$/i.test(text) || !/(^|;)FREQ=/i.test(text)) {
    throw invalid('rrule: give an RRULE value such as FREQ=WEEKLY;BYDAY=MO;COUNT=10');
  }
  try {
    return ICAL.Recur.fromString(text);
  } catch {
    throw invalid('rrule: not a valid RRULE');
  }
}

function setReminders(
  component: ICAL.Component,
  reminders: Array<{ minutesBefore: number }>,
  summary: string,
): void {
  for (const alarm of component.getAllSubcomponents('valarm')) component.removeSubcomponent(alarm);
  for (const { minutesBefore } of reminders) {
    const alarm = new ICAL.Component('valarm');
    alarm.addPropertyWithValue('action', 'DISPLAY');
    alarm.addPropertyWithValue('description', summary || 'Reminder');
    alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-minutesBefore * 60));
    component.addSubcomponent(alarm);
  }
}

function setAttendees(
  component: ICAL.Component,
  attendees: NonNullable<EventFields['attendees']>,
  organizer: string | undefined,
): void {
  component.removeAllProperties('attendee');
  for (const attendee of attendees) {
    const property = new ICAL.Property('attendee');
    if (attendee.name) property.setParameter('cn', attendee.name);
    property.setParameter('role', attendee.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT');
    property.setParameter('partstat', 'NEEDS-ACTION');
    property.setParameter('rsvp', 'TRUE');
    property.setValue(`mailto:${attendee.email}`);
    component.addProperty(property);
  }
  if (attendees.length === 0) component.removeAllProperties('organizer');
  else if (organizer && !component.hasProperty('organizer'))
    component.updatePropertyWithValue('organizer', organizer);
}

function defaultEnd(start: TimeInput): TimeInput {
  if (start.kind === 'date') {
    const next = new Date(Date.parse(`${start.date}T00:00:00Z`) + 86_400_000);
    return { kind: 'date', date: next.toISOString().slice(0, 10) };
  }
  const wall = new Date(
    Date.UTC(
      start.wall.year,
      start.wall.month - 1,
      start.wall.day,
      start.wall.hour + 1,
      start.wall.minute,
      start.wall.second,
    ),
  );
  return {
    kind: 'wall',
    tzid: start.tzid,
    wall: {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    },
  };
}

function checkTimes(start: TimeInput, end: TimeInput): void {
  if (start.kind !== end.kind) throw invalid('start and end: both dates (all-day) or both times');
  if (inputEpoch(end) <= inputEpoch(start))
    throw invalid('end: must be after start (all-day ends are exclusive)');
}

const timeOf = (component: ICAL.Component, name: string) =>
  component.getFirstPropertyValue(name) as ICAL.Time | null;

// DTSTART / DTEND: a new start without an end keeps the event's (wall-clock) length.
function setTimes(component: ICAL.Component, fields: EventFields): void {
  const oldStart = timeOf(component, 'dtstart');
  const oldEnd = timeOf(component, 'dtend');
  const oldDuration = component.getFirstPropertyValue('duration') as ICAL.Duration | null;
  const length = oldStart && oldEnd ? oldEnd.subtractDate(oldStart) : (oldDuration ?? undefined);
  // Local times without a zone are in the event's own zone (its DTSTART's TZID), as a user means them.
  const current = component.getFirstProperty('dtstart')?.getParameter('tzid');
  const zone = fields.timeZone ?? (typeof current === 'string' && isKnownZone(current) ? current : undefined);
  const start = fields.start !== undefined ? parseTimeInput(fields.start, zone, 'start') : undefined;
  const end = fields.end !== undefined ? parseTimeInput(fields.end, zone, 'end') : undefined;
  if (start) setTimeProperty(component, 'dtstart', start);
  if (end) setTimeProperty(component, 'dtend', end);
  else if (start) {
    const newStart = timeOf(component, 'dtstart') as ICAL.Time;
    if (length && oldStart && oldStart.isDate === newStart.isDate) {
      const property = setTimeProperty(component, 'dtend', start);
      const moved = newStart.clone();
      moved.addDuration(length);
      property.setValue(moved);
    } else setTimeProperty(component, 'dtend', defaultEnd(start));
  }
  component.removeAllProperties('duration');
  const finalStart = timeOf(component, 'dtstart');
  const finalEnd = timeOf(component, 'dtend');
  if (!finalStart || !finalEnd) throw invalid('start: the event has no start');
  if (finalStart.isDate !== finalEnd.isDate)
    throw invalid('start and end: both dates (all-day) or both times');
  if (start && end) checkTimes(start, end);
  else if (finalEnd.compare(finalStart) <= 0)
    throw invalid('end: must be after start (all-day ends are exclusive)');
}

/**
 * Applies `fields` to a VEVENT in place, touching nothing else (VALARMs, ATTENDEE parameters, X- properties
 * stay as they were unless their field is given). `organizer` is the user's `mailto:` address.
 */
export function applyEventFields(
  component: ICAL.Component,
  fields: EventFields,
  options: { organizer?: string; occurrence?: boolean } = {},
): void {
  if (fields.summary !== undefined) setTextProperty(component, 'summary', fields.summary);
  if (fields.location !== undefined) setTextProperty(component, 'location', fields.location);
  if (fields.description !== undefined) setTextProperty(component, 'description', fields.description);
  if (fields.status !== undefined) setTextProperty(component, 'status', fields.status);
  if (fields.transparent !== undefined) {
    component.updatePropertyWithValue('transp', fields.transparent ? 'TRANSPARENT' : 'OPAQUE');
  }
  if (fields.start !== undefined || fields.end !== undefined) setTimes(component, fields);
  if (fields.rrule !== undefined) {
    if (options.occurrence) throw invalid('rrule: change the series, not one occurrence');
    component.removeAllProperties('rrule');
    if (fields.rrule !== null) component.addPropertyWithValue('rrule', parseRrule(fields.rrule));
  }
  if (fields.reminders !== undefined) {
    setReminders(component, fields.reminders ?? [], String(component.getFirstPropertyValue('summary') ?? ''));
  }
  if (fields.attendees !== undefined) setAttendees(component, fields.attendees ?? [], options.organizer);
}

/** A new VCALENDAR with one VEVENT made of `fields` (summary and start required); returns it and its UID. */
export function newEventCalendar(
  fields: EventFields & { summary: string; start: string },
  options: { organizer?: string; now?: number } = {},
): { calendar: ICAL.Component; uid: string } {
  const start = parseTimeInput(fields.start, fields.timeZone, 'start');
  const end =
    fields.end !== undefined ? parseTimeInput(fields.end, fields.timeZone, 'end') : defaultEnd(start);
  checkTimes(start, end);
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', PRODID);
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  const event = new ICAL.Component('vevent');
  const uid = randomUUID();
  event.addPropertyWithValue('uid', uid);
  event.addPropertyWithValue('dtstamp', utcNow(options.now));
  event.addPropertyWithValue('created', utcNow(options.now));
  event.addPropertyWithValue('last-modified', utcNow(options.now));
  event.addPropertyWithValue('sequence', 0);
  setTimeProperty(event, 'dtstart', start);
  setTimeProperty(event, 'dtend', end);
  applyEventFields(event, { ...fields, start: undefined, end: undefined }, options);
  calendar.addSubcomponent(event);
  addMissingTimezones(calendar);
  return { calendar, uid };
}

/** Marks a component changed (DTSTAMP, LAST-MODIFIED, SEQUENCE). */
export { touch };
