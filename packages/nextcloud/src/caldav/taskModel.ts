import ICAL from 'ical.js';
import type { CalendarInfo } from './calendarInfo.js';
import type { CalendarObject } from './createCaldavApi.js';
import { categoriesOf, propertyTime } from './eventModel.js';
import { setTextProperty, textProperty } from './icalData.js';
import { type EventTime, parseTimeInput, setTimeProperty } from './instants.js';

/** A task (VTODO) as the tools show it. */
export interface Task {
  calendarId: string;
  objectName: string;
  uid: string;
  etag: string;
  summary: string;
  description?: string;
  status: string;
  completed: boolean;
  completedAt?: EventTime;
  due?: EventTime;
  start?: EventTime;
  /** 1 (highest) … 9 (lowest); absent = undefined priority. */
  priority?: number;
  percentComplete?: number;
  categories: string[];
  /** UID of the parent task (RELATED-TO;RELTYPE=PARENT). */
  parentUid?: string;
}

/** What a caller can set on a task; on an update, an absent field keeps its value and `null` clears it. */
export interface TaskFields {
  summary?: string;
  description?: string | null;
  /** `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` in `timeZone`, or an ISO time with offset. */
  due?: string | null;
  timeZone?: string;
  priority?: number | null;
  categories?: string[] | null;
  /** UID of the parent task (a subtask); `null` detaches it. */
  parentUid?: string | null;
}

/** The VTODO of a calendar object. */
export function todoOf(data: ICAL.Component): ICAL.Component | undefined {
  return data.getFirstSubcomponent('vtodo') ?? undefined;
}

/** The tool form of a VTODO. */
export function toTask(calendar: CalendarInfo, object: CalendarObject, todo: ICAL.Component): Task {
  const zone = calendar.timeZone ?? 'UTC';
  const status = (textProperty(todo, 'status') ?? 'NEEDS-ACTION').toUpperCase();
  const completedAt = propertyTime(todo, 'completed', zone);
  const priority = Number(todo.getFirstPropertyValue('priority') ?? 0);
  const percent = todo.getFirstPropertyValue('percent-complete');
  const parent = todo
    .getAllProperties('related-to')
    .find((property) => String(property.getParameter('reltype') ?? 'PARENT').toUpperCase() === 'PARENT');
  const description = textProperty(todo, 'description');
  const due = propertyTime(todo, 'due', zone);
  const start = propertyTime(todo, 'dtstart', zone);
  return {
    calendarId: calendar.id,
    objectName: object.name,
    uid: String(todo.getFirstPropertyValue('uid') ?? ''),
    etag: object.etag,
    summary: textProperty(todo, 'summary') ?? '',
    ...(description ? { description } : {}),
    status,
    completed: status === 'COMPLETED' || completedAt !== undefined,
    ...(completedAt ? { completedAt } : {}),
    ...(due ? { due } : {}),
    ...(start ? { start } : {}),
    ...(Number.isInteger(priority) && priority > 0 ? { priority } : {}),
    ...(percent === null || percent === undefined ? {} : { percentComplete: Number(percent) }),
    categories: categoriesOf(todo),
    ...(parent ? { parentUid: String(parent.getFirstValue()) } : {}),
  };
}

/** Applies `fields` to a VTODO in place, touching nothing else. */
export function applyTaskFields(todo: ICAL.Component, fields: TaskFields): void {
  if (fields.summary !== undefined) setTextProperty(todo, 'summary', fields.summary);
  if (fields.description !== undefined) setTextProperty(todo, 'description', fields.description);
  if (fields.due !== undefined) {
    if (fields.due === null) todo.removeAllProperties('due');
    else setTimeProperty(todo, 'due', parseTimeInput(fields.due, fields.timeZone, 'due'));
  }
  if (fields.priority !== undefined) {
    if (fields.priority === null) todo.removeAllProperties('priority');
    else todo.updatePropertyWithValue('priority', fields.priority);
  }
  if (fields.categories !== undefined) {
    todo.removeAllProperties('categories');
    const values = fields.categories ?? [];
    if (values.length > 0) {
      const property = new ICAL.Property('categories');
      property.setValues(values);
      todo.addProperty(property);
    }
  }
  if (fields.parentUid !== undefined) {
    for (const property of todo.getAllProperties('related-to')) {
      if (String(property.getParameter('reltype') ?? 'PARENT').toUpperCase() === 'PARENT')
        todo.removeProperty(property);
    }
    if (fields.parentUid !== null) {
      const property = new ICAL.Property('related-to');
      property.setParameter('reltype', 'PARENT');
      property.setValue(fields.parentUid);
      todo.addProperty(property);
    }
  }
}
