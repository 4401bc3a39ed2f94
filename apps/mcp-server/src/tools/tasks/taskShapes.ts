import type { Task } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { timeInput, timeShape, timeText, timeZoneInput } from '../calendar/calendarShapes.js';

/** One task as the tasks tools show it. */
export const taskShape = {
  listId: z.string(),
  taskId: z.string(),
  uid: z.string(),
  etag: z.string(),
  summary: z.string(),
  completed: z.boolean(),
  status: z.string(),
  due: timeShape.optional(),
  completedAt: timeShape.optional(),
  priority: z.number().int().optional().describe('1 highest … 9 lowest'),
  categories: z.array(z.string()).optional(),
  parentUid: z.string().optional(),
  description: z.string().optional(),
};

/** Projects a client task onto {@link taskShape}. */
export function toTaskOutput(task: Task): z.infer<z.ZodObject<typeof taskShape>> {
  return {
    listId: task.calendarId,
    taskId: task.objectName,
    uid: task.uid,
    etag: task.etag,
    summary: task.summary,
    completed: task.completed,
    status: task.status,
    ...(task.due ? { due: timeText(task.due) } : {}),
    ...(task.completedAt ? { completedAt: timeText(task.completedAt) } : {}),
    ...(task.priority === undefined ? {} : { priority: task.priority }),
    ...(task.categories.length > 0 ? { categories: task.categories } : {}),
    ...(task.parentUid ? { parentUid: task.parentUid } : {}),
    ...(task.description ? { description: task.description } : {}),
  };
}

/** Input: a task list id from nc_tasklists_list. */
export const listIdInput = z.string().min(1).max(255).describe('From nc_tasklists_list');
/** Input: a task id from nc_tasks_list. */
export const taskIdInput = z.string().min(1).max(255);

/** The task fields nc_task_create and nc_task_update take (update: absent = unchanged, null = cleared). */
export const taskFieldInputs = {
  summary: z.string().min(1).max(500),
  description: z.string().max(10_000).nullable(),
  due: timeInput.nullable().describe('YYYY-MM-DD or YYYY-MM-DDTHH:MM in timeZone'),
  timeZone: timeZoneInput,
  priority: z.number().int().min(1).max(9).nullable(),
  categories: z.array(z.string().min(1).max(100)).max(20).nullable(),
  parentUid: z.string().min(1).max(255).nullable().describe('uid of the parent task (subtask)'),
};
