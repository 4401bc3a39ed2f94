import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import type { CalendarInfo } from './calendarInfo.js';
import type { CaldavApi, CalendarObject } from './createCaldavApi.js';
import { type EventDetails, type EventOccurrence, toEventDetails, toEventOccurrence } from './eventModel.js';
import {
  addMissingTimezones,
  applyEventFields,
  type EventFields,
  newEventCalendar,
  touch,
} from './eventWrite.js';
import { parseCalendarData, serializeCalendar } from './icalData.js';
import { inputEpoch, parseTimeInput, type ResolvedTime, resolveTime } from './instants.js';
import { expandOccurrences, findInstance, type Range } from './occurrences.js';

/** Events of the user's calendars, in iCalendar terms the tools can use without knowing iCalendar. */
export interface CalendarApi {
  /** The live calendars of the user (events, tasks or both). */
  calendars(): Promise<CalendarInfo[]>;
  /**
   * Every event instance overlapping the range, recurrences expanded, in start order. Floating times and
   * all-day dates are placed in the calendar's time zone, else in `timeZone` (the caller's), else UTC.
   */
  listEvents(
    range: Range,
    opts?: { calendarIds?: readonly string[]; timeZone?: string },
  ): Promise<EventOccurrence[]>;
  getEvent(calendarId: string, objectName: string): Promise<EventDetails>;
  createEvent(
    calendarId: string,
    fields: EventFields & { summary: string; start: string },
  ): Promise<EventDetails>;
  /**
   * Changes the whole event, or with `occurrence` (its `recurrenceId`) one instance as an override. `etag`
   * is the one read: a changed object is a `conflict` and nothing is written.
   */
  updateEvent(
    calendarId: string,
    objectName: string,
    fields: EventFields,
    opts: { etag: string; occurrence?: string },
  ): Promise<EventDetails>;
  /** Deletes the event, or with `occurrence` cancels one instance (EXDATE) and keeps the series. */
  deleteEvent(
    calendarId: string,
    objectName: string,
    opts?: { etag?: string; occurrence?: string },
  ): Promise<{ deleted: 'event' | 'occurrence' }>;
}

const DAY_MS = 86_400_000;

function notFound(message: string): NextcloudError {
  return new NextcloudError('not_found', message, { status: 404 });
}

/** The calendar named `calendarId`, checked for a component type and (for writes) for write access. */
export function pickCalendar(
  calendars: readonly CalendarInfo[],
  calendarId: string,
  component: 'VEVENT' | 'VTODO',
  write: boolean,
): CalendarInfo {
  const calendar = calendars.find((each) => each.id === calendarId);
  if (!calendar) throw notFound(`There is no calendar "${calendarId}"`);
  if (!calendar.components.includes(component)) {
    throw new NextcloudError(
      'bad_request',
      `Calendar "${calendarId}" does not take ${component === 'VEVENT' ? 'events' : 'tasks'}`,
    );
  }
  if (write && calendar.readOnly)
    throw new NextcloudError('forbidden', `Calendar "${calendarId}" is read-only`);
  return calendar;
}

/** A matcher for an instance named by its `recurrenceId` as the tools show it (a date, or an ISO time with offset). */
function occurrenceMatcher(occurrence: string): (id: ResolvedTime) => boolean {
  const input = parseTimeInput(occurrence, undefined, 'occurrence');
  if (input.kind === 'date') return (id) => id.date === input.date;
  const epoch = inputEpoch(input);
  return (id) => id.date === undefined && id.epochMs === epoch;
}

const tzidParam = (component: ICAL.Component, name: string): string | undefined => {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
};

/** Copies the master into an override of the instance starting at `time` (what calendar clients do). */
function overrideFor(master: ICAL.Component, time: ICAL.Time): ICAL.Component {
  const override = new ICAL.Component(JSON.parse(JSON.stringify(master.toJSON())) as unknown[]);
  for (const name of ['rrule', 'rdate', 'exdate']) override.removeAllProperties(name);
  const dtstart = override.getFirstProperty('dtstart');
  const start = dtstart?.getFirstValue() as ICAL.Time | null;
  const end = override.getFirstPropertyValue('dtend') as ICAL.Time | null;
  const length = start && end ? end.subtractDate(start) : undefined;
  const recurrenceId = new ICAL.Property('recurrence-id');
  const tzid = tzidParam(master, 'dtstart');
  if (tzid) recurrenceId.setParameter('tzid', tzid);
  recurrenceId.setValue(time.clone());
  override.addProperty(recurrenceId);
  dtstart?.setValue(time.clone());
  if (length) {
    const moved = time.clone();
    moved.addDuration(length);
    override.getFirstProperty('dtend')?.setValue(moved);
  }
  return override;
}

/** Builds {@link CalendarApi} on raw CalDAV; `now` stamps changes. */
export function createCalendarApi(caldav: CaldavApi, now: () => number = Date.now): CalendarApi {
  async function load(calendarId: string, objectName: string, write: boolean) {
    const calendars = await caldav.listCalendars();
    const calendar = pickCalendar(calendars, calendarId, 'VEVENT', write);
    const object = await caldav.get(calendarId, objectName);
    return { calendar, object, data: parseCalendarData(object.data) };
  }

  function details(calendar: CalendarInfo, object: CalendarObject, data: ICAL.Component): EventDetails {
    const result = toEventDetails(
      data,
      { calendarId: calendar.id, objectName: object.name, etag: object.etag },
      calendar.timeZone ?? 'UTC',
    );
    if (!result) throw notFound(`"${object.name}" is not an event`);
    return result;
  }

  async function write(
    calendar: CalendarInfo,
    objectName: string,
    data: ICAL.Component,
    opts: { etag?: string; createOnly?: boolean },
  ): Promise<EventDetails> {
    addMissingTimezones(data);
    const text = serializeCalendar(data);
    const written = await caldav.put(calendar.id, objectName, text, opts);
    const object =
      written.etag === undefined
        ? await caldav.get(calendar.id, objectName)
        : { name: objectName, etag: written.etag, data: text };
    return details(calendar, object, parseCalendarData(object.data));
  }

  async function organizer(fields: EventFields): Promise<string | undefined> {
    return fields.attendees && fields.attendees.length > 0 ? caldav.userAddress() : undefined;
  }

  return {
    calendars: () => caldav.listCalendars(),

    async listEvents(range, opts = {}) {
      const calendars = (await caldav.listCalendars()).filter(
        (calendar) =>
          calendar.components.includes('VEVENT') &&
          (opts.calendarIds === undefined || opts.calendarIds.includes(calendar.id)),
      );
      for (const id of opts.calendarIds ?? []) {
        if (!calendars.some((calendar) => calendar.id === id))
          throw notFound(`There is no event calendar "${id}"`);
      }
      const perCalendar = await Promise.all(
        calendars.map(async (calendar) => {
          // The server places dates and floating times in UTC (or the calendar's zone); a day more on each
          // side catches those that are in range in the caller's zone, and the expansion below decides.
          const objects = await caldav.query(calendar.id, {
            component: 'VEVENT',
            start: range.start - DAY_MS,
            end: range.end + DAY_MS,
          });
          const zone = calendar.timeZone ?? opts.timeZone ?? 'UTC';
          return objects.flatMap((object) =>
            expandOccurrences(parseCalendarData(object.data), range, zone).map((occurrence) =>
              toEventOccurrence(occurrence, {
                calendarId: calendar.id,
                objectName: object.name,
                etag: object.etag,
              }),
            ),
          );
        }),
      );
      const epoch = (event: EventOccurrence) =>
        Date.parse('date' in event.start ? `${event.start.date}T00:00:00Z` : event.start.dateTime);
      return perCalendar.flat().sort((a, b) => epoch(a) - epoch(b));
    },

    async getEvent(calendarId, objectName) {
      const { calendar, object, data } = await load(calendarId, objectName, false);
      return details(calendar, object, data);
    },

    async createEvent(calendarId, fields) {
      const calendar = pickCalendar(await caldav.listCalendars(), calendarId, 'VEVENT', true);
      const { calendar: data, uid } = newEventCalendar(fields, {
        organizer: await organizer(fields),
        now: now(),
      });
      return write(calendar, `${uid}.ics`, data, { createOnly: true });
    },

    async updateEvent(calendarId, objectName, fields, opts) {
      const { calendar, object, data } = await load(calendarId, objectName, true);
      if (object.etag !== opts.etag)
        throw new NextcloudError('conflict', 'The event changed since it was read', { status: 412 });
      const zone = calendar.timeZone ?? 'UTC';
      const events = data.getAllSubcomponents('vevent');
      const master = events.find((event) => !event.hasProperty('recurrence-id'));
      const options = { organizer: await organizer(fields), occurrence: opts.occurrence !== undefined };
      let target: ICAL.Component | undefined = master;
      if (opts.occurrence !== undefined) {
        const matches = occurrenceMatcher(opts.occurrence);
        target = events.find((event) => {
          const id = event.getFirstPropertyValue('recurrence-id') as ICAL.Time | null;
          return id !== null && matches(resolveTime(id, tzidParam(event, 'recurrence-id'), zone));
        });
        if (!target) {
          const instance = master ? findInstance(master, matches, zone) : undefined;
          if (!master || !instance) throw notFound(`The event has no occurrence at ${opts.occurrence}`);
          target = overrideFor(master, instance.time);
          data.addSubcomponent(target);
        }
      }
      if (!target) throw notFound(`"${objectName}" has no series to change; name an occurrence`);
      applyEventFields(target, fields, options);
      touch(target, now());
      return write(calendar, objectName, data, { etag: object.etag });
    },

    async deleteEvent(calendarId, objectName, opts = {}) {
      if (opts.occurrence === undefined) {
        pickCalendar(await caldav.listCalendars(), calendarId, 'VEVENT', true);
        await caldav.delete(calendarId, objectName, opts.etag === undefined ? {} : { etag: opts.etag });
        return { deleted: 'event' };
      }
      const { calendar, object, data } = await load(calendarId, objectName, true);
      if (opts.etag !== undefined && object.etag !== opts.etag) {
        throw new NextcloudError('conflict', 'The event changed since it was read', { status: 412 });
      }
      const zone = calendar.timeZone ?? 'UTC';
      const matches = occurrenceMatcher(opts.occurrence);
      const events = data.getAllSubcomponents('vevent');
      const master = events.find((event) => !event.hasProperty('recurrence-id'));
      const override = events.find((event) => {
        const id = event.getFirstPropertyValue('recurrence-id') as ICAL.Time | null;
        return id !== null && matches(resolveTime(id, tzidParam(event, 'recurrence-id'), zone));
      });
      const time =
        (override?.getFirstPropertyValue('recurrence-id') as ICAL.Time | undefined) ??
        (master ? findInstance(master, matches, zone)?.time : undefined);
      if (!time) throw notFound(`The event has no occurrence at ${opts.occurrence}`);
      if (override) data.removeSubcomponent(override);
      if (master) {
        const exdate = new ICAL.Property('exdate');
        const tzid = tzidParam(master, 'dtstart');
        if (tzid) exdate.setParameter('tzid', tzid);
        exdate.setValue(time.clone());
        master.addProperty(exdate);
        touch(master, now());
      } else if (data.getAllSubcomponents('vevent').length === 0) {
        await caldav.delete(calendarId, objectName, { etag: object.etag });
        return { deleted: 'occurrence' };
      }
      await write(calendar, objectName, data, { etag: object.etag });
      return { deleted: 'occurrence' };
    },
  };
}
