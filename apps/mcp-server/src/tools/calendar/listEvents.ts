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

/** `nc_events_list`: event instances in a time range, recurrences expanded. */
export const listEventsTool = defineTool({
  name: 'nc_events_list',
  title: 'List events',
  description:
    'Events between from and to (≤ 366 days), recurring ones expanded into occurrences, in start order. ' +
    'Times carry their offset and time zone; all-day events a date.',
  family: 'calendar',
  scopes: [SCOPES.calendarRead],
  inputSchema: {
    from: timeInput.describe('YYYY-MM-DD or ISO time'),
    to: timeInput.describe('Exclusive'),
    timeZone: timeZoneInput.optional().describe('For dates and local times in from/to; default UTC'),
    calendarIds: z.array(calendarIdInput).max(50).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  },
  outputSchema: { events: z.array(z.object(occurrenceShape)), truncated: z.boolean() },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ from, to, timeZone, calendarIds, limit }, { nextcloud }) {
    const range = rangeInput(from, to, timeZone, 366);
    const events = await nextcloud.calendar
      .listEvents(range, { timeZone: range.zone, ...(calendarIds === undefined ? {} : { calendarIds }) })
      .catch((error: unknown) => calendarFailure(error, 'a calendar'));
    return { events: events.slice(0, limit).map(toOccurrenceOutput), truncated: events.length > limit };
  },
});
