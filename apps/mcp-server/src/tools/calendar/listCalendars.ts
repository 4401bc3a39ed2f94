import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { calendarShape, toCalendarOutput } from './calendarShapes.js';

/** `nc_calendars_list`: the user's calendars. */
export const listCalendarsTool = defineTool({
  name: 'nc_calendars_list',
  title: 'List calendars',
  description: 'List your calendars: id, name, colour, what they hold (VEVENT/VTODO), read-only.',
  family: 'calendar',
  scopes: [SCOPES.calendarRead],
  inputSchema: {},
  outputSchema: { calendars: z.array(z.object(calendarShape)) },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { nextcloud }) {
    return { calendars: (await nextcloud.calendar.calendars()).map(toCalendarOutput) };
  },
});
