import { z } from 'zod';
import { calendarFailure } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { listIdInput, taskIdInput, taskShape, toTaskOutput } from './taskShapes.js';

/** `nc_task_complete`: marks a task done (or open again). */
export const completeTaskTool = defineTool({
  name: 'nc_task_complete',
  title: 'Complete a task',
  description: 'Mark a task completed (completed: false reopens it).',
  family: 'tasks',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    listId: listIdInput,
    taskId: taskIdInput,
    completed: z.boolean().default(true),
    etag: z.string().min(1).max(200).optional(),
  },
  outputSchema: taskShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ listId, taskId, completed, etag }, { nextcloud }) {
    const task = await nextcloud.tasks
      .completeTask(listId, taskId, completed, etag === undefined ? {} : { etag })
      .catch((error: unknown) => calendarFailure(error, `task "${taskId}"`));
    return toTaskOutput(task);
  },
});
