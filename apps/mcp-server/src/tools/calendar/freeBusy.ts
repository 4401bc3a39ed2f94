import { epochOf, freeSlots } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { calendarFailure, calendarIdInput, rangeInput, timeInput, timeZoneInput } from './calendarShapes.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const minutesOf = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3));

/** `nc_freebusy`: free slots within working hours, from the user's expanded events. */
export const freeBusyTool = defineTool({
  name: 'nc_freebusy',
  title: 'Find free time',
  description:
    'Free slots of at least minMinutes between from and to (≤ 62 days) within working hours (default ' +
    '09:00–17:00 Mon–Fri in timeZone), from your events; free (transparent) and cancelled ones ignored.',
  family: 'calendar',
  scopes: [SCOPES.calendarRead],
  inputSchema: {
    from: timeInput,
    to: timeInput,
    timeZone: timeZoneInput.default('UTC'),
    dayStart: clock.default('09:00'),
    dayEnd: clock.default('17:00'),
    workDays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .default([1, 2, 3, 4, 5])
      .describe('1 = Mon'),
    minMinutes: z.number().int().min(5).max(1440).default(30),
    calendarIds: z.array(calendarIdInput).max(50).optional(),
  },
  outputSchema: {
    timeZone: z.string(),
    slots: z.array(z.object({ start: z.string(), end: z.string(), minutes: z.number() })),
    busyEvents: z.number().int(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(input, { nextcloud }) {
    const range = rangeInput(input.from, input.to, input.timeZone, 62);
    if (minutesOf(input.dayEnd) <= minutesOf(input.dayStart))
      throw new ToolInputError('dayEnd: must be after dayStart');
    const events = await nextcloud.calendar
      .calendars()
      .then((calendars) =>
        nextcloud.calendar.listEvents(range, {
          timeZone: range.zone,
          // Contact birthdays say nothing about the user's own time.
          calendarIds: calendars
            .filter((c) => c.components.includes('VEVENT') && !c.birthdays)
            .filter((c) => input.calendarIds === undefined || input.calendarIds.includes(c.id))
            .map((c) => c.id),
        }),
      )
      .catch((error: unknown) => calendarFailure(error, 'a calendar'));
    const busy = events
      .filter((event) => !event.transparent && event.status?.toUpperCase() !== 'CANCELLED')
      .map((event) => ({ start: epochOf(event.start, range.zone), end: epochOf(event.end, range.zone) }));
    const slots = freeSlots(busy, {
      start: range.start,
      end: range.end,
      timeZone: range.zone,
      dayStartMinutes: minutesOf(input.dayStart),
      dayEndMinutes: minutesOf(input.dayEnd),
      workDays: input.workDays,
      minMinutes: input.minMinutes,
    });
    return { timeZone: range.zone, slots, busyEvents: busy.length };
  },
});
