import { calendarFailure, splitZoneSuffix } from '../calendar/calendarShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { taskFieldInputs as f, listIdInput, taskShape, toTaskOutput } from './taskShapes.js';

/** A due time copied from an output (`…[Zone]`) brings its zone along. */
export function dueZone<T extends { due?: string | null; timeZone?: string }>(fields: T): T {
  if (typeof fields.due !== 'string') return fields;
  const { value, zone } = splitZoneSuffix(fields.due);
  const timeZone = fields.timeZone ?? zone;
  return { ...fields, due: value, ...(timeZone === undefined ? {} : { timeZone }) };
}

/** `nc_task_create`: a new task, optionally a subtask of another. */
export const createTaskTool = defineTool({
  name: 'nc_task_create',
  title: 'Create a task',
  description: 'Create a task with due date, priority, categories; parentUid makes it a subtask.',
  family: 'tasks',
  scopes: [SCOPES.calendarWrite],
  inputSchema: {
    listId: listIdInput,
    summary: f.summary,
    description: f.description.optional(),
    due: f.due.optional(),
    timeZone: f.timeZone.optional(),
    priority: f.priority.optional(),
    categories: f.categories.optional(),
    parentUid: f.parentUid.optional(),
  },
  outputSchema: taskShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ listId, ...fields }, { nextcloud }) {
    const task = await nextcloud.tasks
      .createTask(listId, dueZone(fields))
      .catch((error: unknown) => calendarFailure(error, `task list "${listId}"`));
    return toTaskOutput(task);
  },
});
