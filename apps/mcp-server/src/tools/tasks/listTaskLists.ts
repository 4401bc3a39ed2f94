import { z } from 'zod';
import { calendarShape, toCalendarOutput } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';

/** `nc_tasklists_list`: the calendars that hold tasks. */
export const listTaskListsTool = defineTool({
  name: 'nc_tasklists_list',
  title: 'List task lists',
  description: 'List your task lists (calendars that hold VTODO tasks).',
  family: 'tasks',
  scopes: [SCOPES.calendarRead],
  inputSchema: {},
  outputSchema: { lists: z.array(z.object(calendarShape)) },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { nextcloud }) {
    const calendars = await nextcloud.calendar.calendars();
    return { lists: calendars.filter((c) => c.components.includes('VTODO')).map(toCalendarOutput) };
  },
});
