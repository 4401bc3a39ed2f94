import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  calendarFailure,
  calendarIdInput,
  eventIdInput,
  splitZoneSuffix,
  timeInput,
} from './calendarShapes.js';

/** `nc_event_delete`: deletes an event, or cancels one occurrence of a series. */
export const deleteEventTool = defineTool({
  name: 'nc_event_delete',
  title: 'Delete an event',
  description:
    'Delete an event (a whole series), or with occurrence (its recurrenceId) cancel just that one.',
  family: 'calendar',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    calendarId: calendarIdInput,
    eventId: eventIdInput,
    etag: z.string().min(1).max(200).optional().describe('Refuse if the event changed'),
    occurrence: timeInput.optional(),
  },
  outputSchema: { eventId: z.string(), deleted: z.enum(['event', 'occurrence']) },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run({ calendarId, eventId, etag, occurrence }, { nextcloud }) {
    const { deleted } = await nextcloud.calendar
      .deleteEvent(calendarId, eventId, {
        ...(etag === undefined ? {} : { etag }),
        ...(occurrence === undefined ? {} : { occurrence: splitZoneSuffix(occurrence).value }),
      })
      .catch((error: unknown) => calendarFailure(error, `event "${eventId}"`));
    return { eventId, deleted };
  },
});
