import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  calendarFailure,
  calendarIdInput,
  eventIdInput,
  eventShape,
  toEventOutput,
} from './calendarShapes.js';

/** `nc_event_get`: one whole event with its recurrence, reminders and attendees. */
export const getEventTool = defineTool({
  name: 'nc_event_get',
  title: 'Read an event',
  description:
    'One event: times, recurrence rule, cancelled and changed occurrences, reminders, attendees, etag.',
  family: 'calendar',
  scopes: [SCOPES.calendarRead],
  inputSchema: { calendarId: calendarIdInput, eventId: eventIdInput },
  outputSchema: eventShape,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ calendarId, eventId }, { nextcloud }) {
    const event = await nextcloud.calendar
      .getEvent(calendarId, eventId)
      .catch((error: unknown) => calendarFailure(error, `event "${eventId}" in calendar "${calendarId}"`));
    return toEventOutput(event);
  },
});
