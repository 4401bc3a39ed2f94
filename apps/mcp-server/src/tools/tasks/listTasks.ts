import { z } from 'zod';
import { calendarFailure, instantInput, timeInput, timeZoneInput } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { listIdInput, taskShape, toTaskOutput } from './taskShapes.js';

/** `nc_tasks_list`: open, completed or all tasks, optionally only those due before a time. */
export const listTasksTool = defineTool({
  name: 'nc_tasks_list',
  title: 'List tasks',
  description:
    'Tasks of your task lists: open (default), completed or all; dueBefore keeps those due earlier.',
  family: 'tasks',
  scopes: [SCOPES.calendarRead],
  inputSchema: {
    status: z.enum(['open', 'completed', 'all']).default('open'),
    dueBefore: timeInput.optional(),
    timeZone: timeZoneInput.optional(),
    listIds: z.array(listIdInput).max(50).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  },
  outputSchema: { tasks: z.array(z.object(taskShape)), truncated: z.boolean() },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ status, dueBefore, timeZone, listIds, limit }, { nextcloud }) {
    const before = dueBefore === undefined ? undefined : instantInput(dueBefore, timeZone, 'dueBefore');
    const tasks = await nextcloud.tasks
      .listTasks({
        status,
        ...(before === undefined ? {} : { dueBefore: before }),
        ...(listIds === undefined ? {} : { calendarIds: listIds }),
      })
      .catch((error: unknown) => calendarFailure(error, 'a task list'));
    return { tasks: tasks.slice(0, limit).map(toTaskOutput), truncated: tasks.length > limit };
  },
});
