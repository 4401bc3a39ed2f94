import { z } from 'zod';
import { timeInput, timeZoneInput } from './calendarShapes.js';

/** The event fields nc_event_create and nc_event_update take (update: absent = unchanged, null = cleared). */
export const eventFieldInputs = {
  summary: z.string().min(1).max(500),
  start: timeInput.describe('YYYY-MM-DD (all-day) or YYYY-MM-DDTHH:MM in timeZone'),
  end: timeInput.describe('Exclusive; all-day: the day after'),
  timeZone: timeZoneInput.describe("Default: the event's, else UTC"),
  location: z.string().max(1000).nullable(),
  description: z.string().max(10_000).nullable(),
  rrule: z.string().max(500).nullable().describe('e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10'),
  reminders: z
    .array(z.object({ minutesBefore: z.number().int().min(0).max(40_320) }))
    .max(10)
    .nullable(),
  attendees: z
    .array(
      z.object({
        email: z.string().email().max(254),
        name: z.string().max(200).optional(),
        optional: z.boolean().optional(),
      }),
    )
    .max(100)
    .nullable()
    .describe('Nextcloud may email them an invitation'),
  transparent: z.boolean().describe('true: does not block time'),
  status: z.enum(['CONFIRMED', 'TENTATIVE', 'CANCELLED']),
};
