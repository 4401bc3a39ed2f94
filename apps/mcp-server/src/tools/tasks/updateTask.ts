import { z } from 'zod';
import { calendarFailure } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { dueZone } from './createTask.js';
import { taskFieldInputs as f, listIdInput, taskIdInput, taskShape, toTaskOutput } from './taskShapes.js';

/** `nc_task_update`: changes the given fields of a task; everything else is kept. */
export const updateTaskTool = defineTool({
  name: 'nc_task_update',
  title: 'Change a task',
  description: 'Change the given fields of a task (etag from nc_tasks_list); null clears a field.',
  family: 'tasks',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    listId: listIdInput,
    taskId: taskIdInput,
    etag: z.string().min(1).max(200),
    summary: f.summary.optional(),
    description: f.description.optional(),
    due: f.due.optional(),
    timeZone: f.timeZone.optional(),
    priority: f.priority.optional(),
    categories: f.categories.optional(),
    parentUid: f.parentUid.optional(),
  },
  outputSchema: taskShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ listId, taskId, etag, ...fields }, { nextcloud }) {
    if (Object.values(fields).every((value) => value === undefined))
      throw new ToolInputError('nothing to change');
    const task = await nextcloud.tasks
      .updateTask(listId, taskId, dueZone(fields), { etag })
      .catch((error: unknown) => calendarFailure(error, `task "${taskId}"`));
    return toTaskOutput(task);
  },
});
