import { z } from 'zod';
import { calendarFailure } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { listIdInput, taskIdInput } from './taskShapes.js';

/** `nc_task_delete`: deletes a task. */
export const deleteTaskTool = defineTool({
  name: 'nc_task_delete',
  title: 'Delete a task',
  description: 'Delete a task (its subtasks are kept).',
  family: 'tasks',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    listId: listIdInput,
    taskId: taskIdInput,
    etag: z.string().min(1).max(200).optional().describe('Refuse if the task changed'),
  },
  outputSchema: { taskId: z.string(), deleted: z.boolean() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ listId, taskId, etag }, { nextcloud }) {
    await nextcloud.tasks
      .deleteTask(listId, taskId, etag === undefined ? {} : { etag })
      .catch((error: unknown) => calendarFailure(error, `task "${taskId}"`));
    return { taskId, deleted: true };
  },
});
