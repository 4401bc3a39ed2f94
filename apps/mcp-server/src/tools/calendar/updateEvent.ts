import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import {
  calendarFailure,
  calendarIdInput,
  eventIdInput,
  splitZoneSuffix,
  timeInput,
  toWrittenEvent,
  withZones,
  writtenEventShape,
} from './calendarShapes.js';
import { eventFieldInputs as f } from './eventFieldInputs.js';

/** `nc_event_update`: changes an event, or one occurrence of a series; everything else is kept. */
export const updateEventTool = defineTool({
  name: 'nc_event_update',
  title: 'Change an event',
  description:
    'Change the given fields of an event (etag from nc_event_get/nc_events_list), or with occurrence ' +
    '(its recurrenceId) only that occurrence. Other data is kept.',
  family: 'calendar',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    calendarId: calendarIdInput,
    eventId: eventIdInput,
    etag: z.string().min(1).max(200),
    occurrence: timeInput.optional(),
    summary: f.summary.optional(),
    start: f.start.optional(),
    end: f.end.optional(),
    timeZone: f.timeZone.optional(),
    location: f.location.optional(),
    description: f.description.optional(),
    rrule: f.rrule.optional(),
    reminders: f.reminders.optional(),
    attendees: f.attendees.optional(),
    transparent: f.transparent.optional(),
    status: f.status.optional(),
  },
  outputSchema: writtenEventShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run({ calendarId, eventId, etag, occurrence, ...fields }, { nextcloud }) {
    if (Object.values(fields).every((value) => value === undefined))
      throw new ToolInputError('nothing to change');
    const event = await nextcloud.calendar
      .updateEvent(calendarId, eventId, withZones(fields), {
        etag,
        ...(occurrence === undefined ? {} : { occurrence: splitZoneSuffix(occurrence).value }),
      })
      .catch((error: unknown) => calendarFailure(error, `event "${eventId}"`));
    return toWrittenEvent(event);
  },
});
