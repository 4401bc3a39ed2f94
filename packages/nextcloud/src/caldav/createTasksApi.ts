import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import type { CalendarInfo } from './calendarInfo.js';
import type { CaldavApi, CalendarObject } from './createCaldavApi.js';
import { pickCalendar } from './createCalendarApi.js';
import { addMissingTimezones, PRODID } from './eventWrite.js';
import { parseCalendarData, serializeCalendar, touch, utcNow } from './icalData.js';
import { inputEpoch, parseTimeInput, resolveTime } from './instants.js';
import { applyTaskFields, type Task, type TaskFields, todoOf, toTask } from './taskModel.js';

/** Which tasks a listing returns. */
export interface TaskFilter {
  status: 'open' | 'completed' | 'all';
  /** Epoch milliseconds: only tasks due before it. */
  dueBefore?: number;
  calendarIds?: readonly string[];
}

/** The task lists and tasks (VTODO) of the user's calendars. */
export interface TasksApi {
  listTasks(filter: TaskFilter): Promise<Task[]>;
  getTask(calendarId: string, objectName: string): Promise<Task>;
  createTask(calendarId: string, fields: TaskFields & { summary: string }): Promise<Task>;
  /** `etag` is the one read: a changed task is a `conflict`. */
  updateTask(
    calendarId: string,
    objectName: string,
    fields: TaskFields,
    opts: { etag?: string },
  ): Promise<Task>;
  /** Marks a task completed (STATUS, COMPLETED, PERCENT-COMPLETE 100) or open again. */
  completeTask(
    calendarId: string,
    objectName: string,
    completed: boolean,
    opts: { etag?: string },
  ): Promise<Task>;
  deleteTask(calendarId: string, objectName: string, opts: { etag?: string }): Promise<void>;
}

/** Builds {@link TasksApi} on raw CalDAV. */
export function createTasksApi(caldav: CaldavApi, now: () => number = Date.now): TasksApi {
  async function load(calendarId: string, objectName: string, write: boolean) {
    const calendar = pickCalendar(await caldav.listCalendars(), calendarId, 'VTODO', write);
    const object = await caldav.get(calendarId, objectName);
    const data = parseCalendarData(object.data);
    const todo = todoOf(data);
    if (!todo) throw new NextcloudError('not_found', `"${objectName}" is not a task`, { status: 404 });
    return { calendar, object, data, todo };
  }

  async function write(
    calendar: CalendarInfo,
    name: string,
    data: ICAL.Component,
    opts: { etag?: string; createOnly?: boolean },
  ) {
    addMissingTimezones(data);
    const text = serializeCalendar(data);
    const written = await caldav.put(calendar.id, name, text, opts);
    const object =
      written.etag === undefined
        ? await caldav.get(calendar.id, name)
        : { name, etag: written.etag, data: text };
    const todo = todoOf(parseCalendarData(object.data));
    if (!todo) throw new NextcloudError('protocol', 'Nextcloud stored the task in an unexpected way');
    return toTask(calendar, object, todo);
  }

  function checkEtag(object: CalendarObject, etag: string | undefined): void {
    if (etag !== undefined && etag !== object.etag) {
      throw new NextcloudError('conflict', 'The task changed since it was read', { status: 412 });
    }
  }

  return {
    async listTasks(filter) {
      const calendars = (await caldav.listCalendars()).filter(
        (calendar) =>
          calendar.components.includes('VTODO') &&
          (filter.calendarIds === undefined || filter.calendarIds.includes(calendar.id)),
      );
      for (const id of filter.calendarIds ?? []) {
        if (!calendars.some((calendar) => calendar.id === id)) {
          throw new NextcloudError('not_found', `There is no task list "${id}"`, { status: 404 });
        }
      }
      const lists = await Promise.all(
        calendars.map(async (calendar) => {
          const objects = await caldav.query(calendar.id, {
            component: 'VTODO',
            openOnly: filter.status === 'open',
          });
          return objects.flatMap((object) => {
            const todo = todoOf(parseCalendarData(object.data));
            return todo
              ? [{ task: toTask(calendar, object, todo), todo, zone: calendar.timeZone ?? 'UTC' }]
              : [];
          });
        }),
      );
      return lists
        .flat()
        .filter(({ task }) => filter.status === 'all' || task.completed === (filter.status === 'completed'))
        .filter(({ todo, zone }) => {
          if (filter.dueBefore === undefined) return true;
          const due = todo.getFirstProperty('due');
          const value = due?.getFirstValue() as ICAL.Time | null | undefined;
          const tzid = due?.getParameter('tzid');
          return value
            ? resolveTime(value, typeof tzid === 'string' ? tzid : undefined, zone).epochMs < filter.dueBefore
            : false;
        })
        .map(({ task }) => task);
    },

    async getTask(calendarId, objectName) {
      const { calendar, object, todo } = await load(calendarId, objectName, false);
      return toTask(calendar, object, todo);
    },

    async createTask(calendarId, fields) {
      const calendar = pickCalendar(await caldav.listCalendars(), calendarId, 'VTODO', true);
      if (fields.due !== undefined && fields.due !== null)
        inputEpoch(parseTimeInput(fields.due, fields.timeZone, 'due'));
      const data = new ICAL.Component('vcalendar');
      data.addPropertyWithValue('version', '2.0');
      data.addPropertyWithValue('prodid', PRODID);
      const todo = new ICAL.Component('vtodo');
      const uid = randomUUID();
      todo.addPropertyWithValue('uid', uid);
      for (const name of ['dtstamp', 'created', 'last-modified'])
        todo.addPropertyWithValue(name, utcNow(now()));
      todo.addPropertyWithValue('status', 'NEEDS-ACTION');
      applyTaskFields(todo, fields);
      data.addSubcomponent(todo);
      return write(calendar, `${uid}.ics`, data, { createOnly: true });
    },

    async updateTask(calendarId, objectName, fields, opts) {
      const { calendar, object, data, todo } = await load(calendarId, objectName, true);
      checkEtag(object, opts.etag);
      applyTaskFields(todo, fields);
      touch(todo, now(), false);
      return write(calendar, objectName, data, { etag: object.etag });
    },

    async completeTask(calendarId, objectName, completed, opts) {
      const { calendar, object, data, todo } = await load(calendarId, objectName, true);
      checkEtag(object, opts.etag);
      if (completed) {
        todo.updatePropertyWithValue('status', 'COMPLETED');
        todo.updatePropertyWithValue('completed', utcNow(now()));
        todo.updatePropertyWithValue('percent-complete', 100);
      } else {
        todo.updatePropertyWithValue('status', 'NEEDS-ACTION');
        todo.removeAllProperties('completed');
        todo.updatePropertyWithValue('percent-complete', 0);
      }
      touch(todo, now(), false);
      return write(calendar, objectName, data, { etag: object.etag });
    },

    async deleteTask(calendarId, objectName, opts) {
      pickCalendar(await caldav.listCalendars(), calendarId, 'VTODO', true);
      await caldav.delete(calendarId, objectName, opts.etag === undefined ? {} : { etag: opts.etag });
    },
  };
}
