import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  calendarFailure,
  calendarIdInput,
  occurrenceShape,
  rangeInput,
  timeInput,
  timeZoneInput,
  toOccurrenceOutput,
} from './calendarShapes.js';

/** `nc_calendar_search`: events whose summary, description or location contains a text. */
export const searchCalendarTool = defineTool({
  name: 'nc_calendar_search',
  title: 'Search events',
  description:
    'Event occurrences between from and to (≤ 366 days) whose summary, description or location contain query.',
  family: 'calendar',
  scopes: [SCOPES.calendarRead],
  inputSchema: {
    query: z.string().min(2).max(200),
    from: timeInput,
    to: timeInput,
    timeZone: timeZoneInput.optional(),
    calendarIds: z.array(calendarIdInput).max(50).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  },
  outputSchema: { events: z.array(z.object(occurrenceShape)), truncated: z.boolean() },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ query, from, to, timeZone, calendarIds, limit }, { nextcloud }) {
    const range = rangeInput(from, to, timeZone, 366);
    const needle = query.toLocaleLowerCase();
    const events = (
      await nextcloud.calendar
        .listEvents(range, { timeZone: range.zone, ...(calendarIds === undefined ? {} : { calendarIds }) })
        .catch((error: unknown) => calendarFailure(error, 'a calendar'))
    ).filter((event) =>
      [event.summary, event.description, event.location].some((text) =>
        text?.toLocaleLowerCase().includes(needle),
      ),
    );
    return { events: events.slice(0, limit).map(toOccurrenceOutput), truncated: events.length > limit };
  },
});
