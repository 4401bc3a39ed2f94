import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  calendarFailure,
  calendarIdInput,
  toWrittenEvent,
  withZones,
  writtenEventShape,
} from './calendarShapes.js';
import { eventFieldInputs as f } from './eventFieldInputs.js';

/** `nc_event_create`: a new event, all-day or timed, optionally recurring. */
export const createEventTool = defineTool({
  name: 'nc_event_create',
  title: 'Create an event',
  description:
    'Create an event: all-day (dates) or timed in a time zone, with recurrence, reminders, attendees.',
  family: 'calendar',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    calendarId: calendarIdInput.default('personal'),
    summary: f.summary,
    start: f.start,
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
  async run({ calendarId, ...fields }, { nextcloud }) {
    const event = await nextcloud.calendar
      .createEvent(calendarId, withZones(fields))
      .catch((error: unknown) => calendarFailure(error, `calendar "${calendarId}"`));
    return toWrittenEvent(event);
  },
});
