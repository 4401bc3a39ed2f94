import {
  type CalendarInfo,
  checkZone,
  type EventDetails,
  type EventOccurrence,
  type EventTime,
  inputEpoch,
  isNextcloudError,
  parseTimeInput,
} from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { ToolInputError, ToolStateError } from '../toolErrors.js';

/**
 * A time in tool output, one string: `2026-12-24` for all-day values, else ISO 8601 with the offset and the
 * zone in brackets (RFC 9557): `2026-03-26T10:00:00+01:00[Europe/Berlin]`.
 */
export const timeShape = z.string();

/** The {@link timeShape} text of a client time. */
export function timeText(time: EventTime): string {
  return 'date' in time ? time.date : `${time.dateTime}[${time.timeZone}]`;
}

/** A time input with an optional RFC 9557 `[Zone]` suffix (as the outputs write it), split. */
export function splitZoneSuffix(value: string): { value: string; zone?: string } {
  const match = /^(.*)\[([A-Za-z0-9_+/-]{1,64})\]$/.exec(value);
  return match?.[1] && match[2] ? { value: match[1], zone: match[2] } : { value };
}

/**
 * Event fields with the `[Zone]` suffix of start/end taken as `timeZone` when none is given, so a time
 * copied from an output can be given back as it is.
 */
export function withZones<T extends { start?: string; end?: string; timeZone?: string }>(fields: T): T {
  const start = fields.start === undefined ? undefined : splitZoneSuffix(fields.start);
  const end = fields.end === undefined ? undefined : splitZoneSuffix(fields.end);
  const timeZone = fields.timeZone ?? start?.zone ?? end?.zone;
  return {
    ...fields,
    ...(start ? { start: start.value } : {}),
    ...(end ? { end: end.value } : {}),
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}

/** A calendar or task list. */
export const calendarShape = {
  id: z.string(),
  name: z.string(),
  color: z.string().optional(),
  components: z.array(z.string()),
  readOnly: z.boolean(),
  birthdays: z.boolean().optional(),
  timeZone: z.string().optional(),
};

/** Projects a client calendar onto {@link calendarShape}. */
export function toCalendarOutput(calendar: CalendarInfo): z.infer<z.ZodObject<typeof calendarShape>> {
  return {
    id: calendar.id,
    name: calendar.displayName,
    ...(calendar.color ? { color: calendar.color } : {}),
    components: calendar.components,
    readOnly: calendar.readOnly,
    ...(calendar.birthdays ? { birthdays: true } : {}),
    ...(calendar.timeZone ? { timeZone: calendar.timeZone } : {}),
  };
}

/** One event instance in a listing. */
export const occurrenceShape = {
  calendarId: z.string(),
  eventId: z.string(),
  etag: z.string(),
  summary: z.string(),
  start: timeShape,
  end: timeShape,
  allDay: z.boolean(),
  recurrenceId: timeShape.optional().describe('Names the occurrence in nc_event_update/delete'),
  overridden: z.boolean().optional(),
  location: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  transparent: z.boolean().optional(),
};

/** A value of {@link occurrenceShape}. */
export type OccurrenceOutput = z.infer<z.ZodObject<typeof occurrenceShape>>;

/** Projects an instance onto {@link occurrenceShape}. */
export function toOccurrenceOutput(event: EventOccurrence): OccurrenceOutput {
  return {
    calendarId: event.calendarId,
    eventId: event.objectName,
    etag: event.etag,
    summary: event.summary,
    start: timeText(event.start),
    end: timeText(event.end),
    allDay: event.allDay,
    ...(event.recurrenceId ? { recurrenceId: timeText(event.recurrenceId) } : {}),
    ...(event.overridden ? { overridden: true } : {}),
    ...(event.location ? { location: event.location } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.transparent ? { transparent: true } : {}),
  };
}

/** A whole event (series master or single event). */
export const eventShape = {
  calendarId: z.string(),
  eventId: z.string(),
  etag: z.string(),
  summary: z.string(),
  start: timeShape,
  end: timeShape,
  allDay: z.boolean(),
  location: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  transparent: z.boolean().optional(),
  rrule: z.string().optional(),
  excluded: z.array(timeShape).optional(),
  overrides: z
    .array(z.object({ recurrenceId: timeShape, summary: z.string(), start: timeShape, end: timeShape }))
    .optional(),
  reminders: z.array(z.object({ trigger: z.string(), minutesBefore: z.number().optional() })).optional(),
  attendees: z
    .array(z.object({ email: z.string(), name: z.string().optional(), status: z.string().optional() }))
    .optional(),
  organizer: z.string().optional(),
};

/** Projects an event onto {@link eventShape}. */
export function toEventOutput(event: EventDetails): z.infer<z.ZodObject<typeof eventShape>> {
  return {
    calendarId: event.calendarId,
    eventId: event.objectName,
    etag: event.etag,
    summary: event.summary,
    start: timeText(event.start),
    end: timeText(event.end),
    allDay: event.allDay,
    ...(event.location ? { location: event.location } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.transparent ? { transparent: true } : {}),
    ...(event.rrule ? { rrule: event.rrule } : {}),
    ...(event.excluded.length > 0 ? { excluded: event.excluded.map(timeText) } : {}),
    ...(event.overrides.length > 0
      ? {
          overrides: event.overrides.map((o) => ({
            recurrenceId: timeText(o.recurrenceId),
            summary: o.summary,
            start: timeText(o.start),
            end: timeText(o.end),
          })),
        }
      : {}),
    ...(event.reminders.length > 0
      ? {
          reminders: event.reminders.map((r) => ({
            trigger: r.trigger,
            ...(r.minutesBefore === undefined ? {} : { minutesBefore: r.minutesBefore }),
          })),
        }
      : {}),
    ...(event.attendees.length > 0
      ? {
          attendees: event.attendees.map((a) => ({
            email: a.email,
            ...(a.name ? { name: a.name } : {}),
            ...(a.status ? { status: a.status } : {}),
          })),
        }
      : {}),
    ...(event.organizer ? { organizer: event.organizer } : {}),
  };
}

/** What nc_event_create and nc_event_update return: enough to find the event and change it again. */
export const writtenEventShape = {
  calendarId: z.string(),
  eventId: z.string(),
  etag: z.string(),
  summary: z.string(),
  start: timeShape,
  end: timeShape,
  rrule: z.string().optional(),
};

/** Projects an event onto {@link writtenEventShape}. */
export function toWrittenEvent(event: EventDetails): z.infer<z.ZodObject<typeof writtenEventShape>> {
  return {
    calendarId: event.calendarId,
    eventId: event.objectName,
    etag: event.etag,
    summary: event.summary,
    start: timeText(event.start),
    end: timeText(event.end),
    ...(event.rrule ? { rrule: event.rrule } : {}),
  };
}

/** Input: a calendar id from nc_calendars_list. */
export const calendarIdInput = z.string().min(1).max(255).describe('From nc_calendars_list');
/** Input: an event id (its object name) from a listing. */
export const eventIdInput = z.string().min(1).max(255);
/** Input: an IANA time zone. */
export const timeZoneInput = z.string().min(1).max(64).describe('IANA zone, e.g. Europe/Berlin');
/** Input: a point in time. */
export const timeInput = z.string().min(10).max(80);

/** A range from the tools' `from`/`to` (dates are midnight in `timeZone`), at most `maxDays` long. */
export function rangeInput(
  from: string,
  to: string,
  timeZone: string | undefined,
  maxDays: number,
): { start: number; end: number; zone: string } {
  const zone = timeZone === undefined ? 'UTC' : checkedZone(timeZone);
  const start = inputEpoch(parseTimeInput(splitZoneSuffix(from).value, zone, 'from'), zone);
  const end = inputEpoch(parseTimeInput(splitZoneSuffix(to).value, zone, 'to'), zone);
  if (end <= start) throw new ToolInputError('to: must be after from');
  if (end - start > maxDays * 86_400_000) throw new ToolInputError(`to: at most ${maxDays} days after from`);
  return { start, end, zone };
}

/** An instant from a tool's time input (dates are midnight in `timeZone`, default UTC). */
export function instantInput(value: string, timeZone: string | undefined, field: string): number {
  const zone = timeZone === undefined ? 'UTC' : checkedZone(timeZone);
  return inputEpoch(parseTimeInput(splitZoneSuffix(value).value, zone, field), zone);
}

/** The canonical zone name, or an input error. */
export function checkedZone(timeZone: string): string {
  try {
    return checkZone(timeZone);
  } catch {
    throw new ToolInputError(`timeZone: unknown time zone "${timeZone}"`);
  }
}

/**
 * Rewords a Nextcloud failure of a calendar call: missing things, read-only calendars and stale etags get
 * a message that says what to do; refused input keeps the client's curated message.
 */
export function calendarFailure(error: unknown, what: string): never {
  if (isNextcloudError(error, 'not_found')) {
    throw new ToolStateError('not_found', `Not found: ${what} does not exist or you cannot see it.`, {
      cause: error,
    });
  }
  if (isNextcloudError(error, 'conflict')) {
    throw new ToolStateError(
      'conflict',
      `Conflict: ${what} changed since you read it. Read it again, then retry with the new etag.`,
      { cause: error },
    );
  }
  if (isNextcloudError(error, 'forbidden')) {
    throw new ToolStateError('precondition', `Forbidden: ${what} is in a read-only calendar.`, {
      cause: error,
    });
  }
  if (isNextcloudError(error, 'bad_request') && error.status === undefined)
    throw new ToolInputError(error.message);
  throw error;
}
