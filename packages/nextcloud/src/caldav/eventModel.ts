import type ICAL from 'ical.js';
import { textProperty } from './icalData.js';
import { type EventTime, resolveTime, toEventTime } from './instants.js';
import type { Occurrence } from './occurrences.js';

/** One instance of an event in a listing. */
export interface EventOccurrence {
  calendarId: string;
  /** The calendar object's name in its calendar ('3f2a….ics'); with `calendarId` it names the event. */
  objectName: string;
  uid: string;
  etag: string;
  summary: string;
  location?: string;
  description?: string;
  start: EventTime;
  end: EventTime;
  allDay: boolean;
  /** For an instance of a recurring event: the original start that names it (for nc_event_update/delete). */
  recurrenceId?: EventTime;
  /** This instance was changed on its own (moved, renamed…). */
  overridden: boolean;
  recurring: boolean;
  status?: string;
  /** TRANSP:TRANSPARENT: the event does not make the time busy. */
  transparent: boolean;
}

/** An attendee of an event. */
export interface Attendee {
  email: string;
  name?: string;
  role?: string;
  status?: string;
}

/** A reminder (VALARM) of an event or task. */
export interface Reminder {
  /** The trigger as iCalendar states it, e.g. '-PT15M' (before the start) or an absolute UTC time. */
  trigger: string;
  /** Minutes before the start, for a relative trigger. */
  minutesBefore?: number;
  action: string;
}

/** A whole event: the series master (or a single event) with its overrides. */
export interface EventDetails extends Omit<EventOccurrence, 'recurrenceId' | 'overridden'> {
  rrule?: string;
  /** Cancelled instances (EXDATE). */
  excluded: EventTime[];
  /** Instances changed on their own. */
  overrides: Array<{ recurrenceId: EventTime; summary: string; start: EventTime; end: EventTime }>;
  reminders: Reminder[];
  attendees: Attendee[];
  organizer?: string;
  categories: string[];
}

const stripMailto = (value: string): string => value.replace(/^mailto:/i, '');

/** The attendees of a VEVENT / VTODO. */
export function attendeesOf(component: ICAL.Component): Attendee[] {
  return component.getAllProperties('attendee').map((property) => {
    const name = property.getParameter('cn');
    const role = property.getParameter('role');
    const status = property.getParameter('partstat');
    return {
      email: stripMailto(String(property.getFirstValue() ?? '')),
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof role === 'string' ? { role } : {}),
      ...(typeof status === 'string' ? { status } : {}),
    };
  });
}

/** The reminders (VALARMs) of a VEVENT / VTODO. */
export function remindersOf(component: ICAL.Component): Reminder[] {
  return component.getAllSubcomponents('valarm').map((alarm) => {
    const trigger = alarm.getFirstPropertyValue('trigger') as ICAL.Duration | ICAL.Time | null;
    const text = trigger ? trigger.toString() : '';
    const related = alarm.getFirstProperty('trigger')?.getParameter('related');
    const seconds = trigger && 'toSeconds' in trigger ? trigger.toSeconds() : undefined;
    return {
      trigger: text,
      ...(seconds !== undefined && seconds <= 0 && related !== 'END'
        ? { minutesBefore: Math.round(-seconds / 60) }
        : {}),
      action: String(alarm.getFirstPropertyValue('action') ?? 'DISPLAY'),
    };
  });
}

/** CATEGORIES values (the property may repeat and hold several values each). */
export function categoriesOf(component: ICAL.Component): string[] {
  return component
    .getAllProperties('categories')
    .flatMap((property) => property.getValues().map(String))
    .filter((value) => value !== '');
}

function common(component: ICAL.Component) {
  const location = textProperty(component, 'location');
  const description = textProperty(component, 'description');
  const status = textProperty(component, 'status');
  return {
    uid: String(component.getFirstPropertyValue('uid') ?? ''),
    summary: textProperty(component, 'summary') ?? '',
    ...(location ? { location } : {}),
    ...(description ? { description } : {}),
    ...(status ? { status } : {}),
    transparent: textProperty(component, 'transp')?.toUpperCase() === 'TRANSPARENT',
  };
}

/** Where an object lives, for the outputs. */
export interface ObjectRef {
  calendarId: string;
  objectName: string;
  etag: string;
}

/** The listing form of an occurrence. */
export function toEventOccurrence(occurrence: Occurrence, ref: ObjectRef): EventOccurrence {
  return {
    calendarId: ref.calendarId,
    objectName: ref.objectName,
    etag: ref.etag,
    ...common(occurrence.component),
    start: toEventTime(occurrence.start),
    end: toEventTime(occurrence.end),
    allDay: occurrence.start.date !== undefined,
    ...(occurrence.recurrenceId ? { recurrenceId: toEventTime(occurrence.recurrenceId) } : {}),
    overridden: occurrence.overridden,
    recurring: occurrence.recurrenceId !== undefined,
  };
}

const tzidParam = (property: ICAL.Property | null): string | undefined => {
  const value = property?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
};

/** The time of a DATE / DATE-TIME property in tool form. */
export function propertyTime(
  component: ICAL.Component,
  name: string,
  floatingZone: string,
): EventTime | undefined {
  const property = component.getFirstProperty(name);
  const value = property?.getFirstValue() as ICAL.Time | null | undefined;
  return value ? toEventTime(resolveTime(value, tzidParam(property ?? null), floatingZone)) : undefined;
}

/** The full form of an event object: its master (or first override when there is none) and overrides. */
export function toEventDetails(
  calendar: ICAL.Component,
  ref: ObjectRef,
  floatingZone: string,
): EventDetails | undefined {
  const events = calendar.getAllSubcomponents('vevent');
  const master = events.find((event) => !event.hasProperty('recurrence-id')) ?? events[0];
  if (!master) return undefined;
  const start = propertyTime(master, 'dtstart', floatingZone);
  if (!start) return undefined;
  const end = propertyTime(master, 'dtend', floatingZone) ?? start;
  const rrule = master.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  const organizer = master.getFirstPropertyValue('organizer');
  const excluded = master
    .getAllProperties('exdate')
    .flatMap((property) =>
      property
        .getValues()
        .map((value) => toEventTime(resolveTime(value as ICAL.Time, tzidParam(property), floatingZone))),
    );
  const overrides = events
    .filter((event) => event !== master && event.hasProperty('recurrence-id'))
    .map((event) => ({
      recurrenceId: propertyTime(event, 'recurrence-id', floatingZone) ?? start,
      summary: textProperty(event, 'summary') ?? '',
      start: propertyTime(event, 'dtstart', floatingZone) ?? start,
      end:
        propertyTime(event, 'dtend', floatingZone) ?? propertyTime(event, 'dtstart', floatingZone) ?? start,
    }));
  return {
    calendarId: ref.calendarId,
    objectName: ref.objectName,
    etag: ref.etag,
    ...common(master),
    start,
    end,
    allDay: 'date' in start,
    recurring: rrule !== null || master.hasProperty('rdate'),
    ...(rrule ? { rrule: rrule.toString() } : {}),
    excluded,
    overrides,
    reminders: remindersOf(master),
    attendees: attendeesOf(master),
    ...(typeof organizer === 'string' ? { organizer: stripMailto(organizer) } : {}),
    categories: categoriesOf(master),
  };
}
