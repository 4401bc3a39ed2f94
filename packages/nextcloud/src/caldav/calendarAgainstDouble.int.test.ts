import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import type { EventOccurrence } from './eventModel.js';

// The CalDAV client against the test double (which parses with ical.js itself); run it with TZ=UTC and
// TZ=Pacific/Auckland: nothing may depend on the process's zone.
let issuer: TestIssuer;
let nextcloud: DevNextcloud;

function sessionFor(sub: string): NextcloudSession {
  return createNextcloudClient({ baseUrl: nextcloud.url }).session({
    subject: sub,
    getToken: async () =>
      issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub, email: `${sub}@example.com` }),
  });
}

const range = (from: string, to: string) => ({ start: Date.parse(from), end: Date.parse(to) });
const starts = (events: EventOccurrence[]) => events.map((event) => event.start);

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer });
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('calendars on the double', () => {
  it('lists personal and the read-only birthday calendar with components and sync tokens', async () => {
    const calendars = await sessionFor('cal-list').calendar.calendars();
    expect(calendars.map((calendar) => calendar.id)).toEqual(['personal', 'contact_birthdays']);
    expect(calendars[0]).toMatchObject({
      displayName: 'Personal',
      components: ['VEVENT'],
      readOnly: false,
      birthdays: false,
    });
    expect(calendars[0]?.syncToken).toMatch(/^http:\/\/sabre\.io\/ns\/sync\/\d+$/);
    expect(calendars[1]).toMatchObject({ readOnly: true, birthdays: true, color: '#E9D859' });
  });

  it('expands a weekly Berlin series across the DST change, with a moved and a cancelled occurrence', async () => {
    const session = sessionFor('cal-dst');
    const created = await session.calendar.createEvent('personal', {
      summary: 'Standup',
      start: '2026-03-19T10:00',
      end: '2026-03-19T10:30',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    expect(created).toMatchObject({ rrule: 'FREQ=WEEKLY;COUNT=4', recurring: true });
    const week = range('2026-03-16T00:00:00Z', '2026-04-13T00:00:00Z');
    expect(starts(await session.calendar.listEvents(week))).toEqual([
      { dateTime: '2026-03-19T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      { dateTime: '2026-03-26T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      { dateTime: '2026-04-02T10:00:00+02:00', timeZone: 'Europe/Berlin' },
      { dateTime: '2026-04-09T10:00:00+02:00', timeZone: 'Europe/Berlin' },
    ]);

    const moved = await session.calendar.updateEvent(
      'personal',
      created.objectName,
      { start: '2026-04-03T15:00', timeZone: 'Europe/Berlin', summary: 'Standup (moved)' },
      { etag: created.etag, occurrence: '2026-04-02T10:00:00+02:00' },
    );
    expect(moved.overrides).toHaveLength(1);
    await session.calendar.deleteEvent('personal', created.objectName, {
      etag: moved.etag,
      occurrence: '2026-03-26T10:00:00+01:00',
    });
    const events = await session.calendar.listEvents(week);
    expect(events.map((event) => [event.summary, event.start, event.end, event.overridden])).toEqual([
      [
        'Standup',
        { dateTime: '2026-03-19T10:00:00+01:00', timeZone: 'Europe/Berlin' },
        { dateTime: '2026-03-19T10:30:00+01:00', timeZone: 'Europe/Berlin' },
        false,
      ],
      [
        'Standup (moved)',
        { dateTime: '2026-04-03T15:00:00+02:00', timeZone: 'Europe/Berlin' },
        { dateTime: '2026-04-03T15:30:00+02:00', timeZone: 'Europe/Berlin' },
        true,
      ],
      [
        'Standup',
        { dateTime: '2026-04-09T10:00:00+02:00', timeZone: 'Europe/Berlin' },
        { dateTime: '2026-04-09T10:30:00+02:00', timeZone: 'Europe/Berlin' },
        false,
      ],
    ]);
    expect(events[1]?.recurrenceId).toEqual({
      dateTime: '2026-04-02T10:00:00+02:00',
      timeZone: 'Europe/Berlin',
    });
    const series = await session.calendar.getEvent('personal', created.objectName);
    expect(series.excluded).toEqual([{ dateTime: '2026-03-26T10:00:00+01:00', timeZone: 'Europe/Berlin' }]);
    expect(series.summary).toBe('Standup');
  });

  it('keeps an all-day event on its date, and the server-side expand agrees on the instances', async () => {
    const session = sessionFor('cal-allday');
    const holiday = await session.calendar.createEvent('personal', {
      summary: 'Holiday',
      start: '2026-12-24',
    });
    expect(holiday).toMatchObject({
      start: { date: '2026-12-24' },
      end: { date: '2026-12-25' },
      allDay: true,
    });
    const [listed] = await session.calendar.listEvents(range('2026-12-23T11:00:00Z', '2026-12-24T11:00:00Z'));
    expect(listed).toMatchObject({ start: { date: '2026-12-24' }, allDay: true });

    await session.calendar.createEvent('personal', {
      summary: 'Weekly',
      start: '2026-12-01T09:00:00Z',
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    const expanded = await session.caldav.query('personal', {
      component: 'VEVENT',
      start: Date.parse('2026-12-01T00:00:00Z'),
      end: Date.parse('2026-12-31T00:00:00Z'),
      expand: true,
    });
    const weekly = expanded.map((object) => new ICAL.Component(ICAL.parse(object.data) as unknown[]));
    const ids = weekly.flatMap((calendar) =>
      calendar
        .getAllSubcomponents('vevent')
        .filter((event) => event.hasProperty('recurrence-id'))
        .map((event) => String(event.getFirstPropertyValue('recurrence-id'))),
    );
    expect(ids).toEqual(['2026-12-01T09:00:00Z', '2026-12-08T09:00:00Z', '2026-12-15T09:00:00Z']);
  });

  it('changes the summary and keeps VALARMs, attendees and X- properties as they were', async () => {
    const session = sessionFor('cal-keep');
    const created = await session.calendar.createEvent('personal', {
      summary: 'Review',
      start: '2026-06-01T14:00',
      timeZone: 'America/New_York',
      reminders: [{ minutesBefore: 15 }],
      attendees: [{ email: 'bob@example.com', name: 'Bob' }],
      location: 'Room 4',
    });
    expect(created.organizer).toBe('cal-keep@example.com');
    const before = await session.caldav.get('personal', created.objectName);
    // Another client's property, which the server keeps and the update must too.
    const withX = before.data.replace('LOCATION:Room 4', 'LOCATION:Room 4\r\nX-CUSTOM;X-P=1:kept');
    const { etag } = await session.caldav.put('personal', created.objectName, withX, { etag: before.etag });
    const updated = await session.calendar.updateEvent(
      'personal',
      created.objectName,
      { summary: 'Review v2' },
      { etag: etag ?? '' },
    );
    expect(updated.summary).toBe('Review v2');
    const parse = (data: string) =>
      new ICAL.Component(ICAL.parse(data) as unknown[]).getFirstSubcomponent('vevent');
    const old = parse(withX);
    const now = parse((await session.caldav.get('personal', created.objectName)).data);
    expect(now?.getAllSubcomponents('valarm').map((alarm) => alarm.toJSON())).toEqual(
      old?.getAllSubcomponents('valarm').map((alarm) => alarm.toJSON()),
    );
    for (const name of ['attendee', 'organizer', 'x-custom', 'location', 'dtstart', 'dtend', 'uid']) {
      expect(
        now?.getAllProperties(name).map((p) => p.toJSON()),
        name,
      ).toEqual(old?.getAllProperties(name).map((p) => p.toJSON()));
    }
    expect(now?.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('refuses a stale etag as a conflict and writes nothing', async () => {
    const session = sessionFor('cal-stale');
    const created = await session.calendar.createEvent('personal', {
      summary: 'A',
      start: '2026-05-05T10:00:00Z',
    });
    await session.calendar.updateEvent(
      'personal',
      created.objectName,
      { summary: 'B' },
      { etag: created.etag },
    );
    await expect(
      session.calendar.updateEvent('personal', created.objectName, { summary: 'C' }, { etag: created.etag }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await session.calendar.getEvent('personal', created.objectName)).summary).toBe('B');
  });

  it('cannot reach another user’s calendar', async () => {
    const owner = sessionFor('cal-owner');
    const created = await owner.calendar.createEvent('personal', {
      summary: 'Private',
      start: '2026-05-05T10:00:00Z',
    });
    const other = sessionFor('cal-other');
    const response = await fetch(
      `${nextcloud.url}/remote.php/dav/calendars/cal-owner/personal/${created.objectName}`,
      {
        headers: {
          Authorization: `Bearer ${await issuer.sign({ sub: 'cal-other', aud: 'nextcloud', preferred_username: 'cal-other' })}`,
        },
      },
    );
    expect(response.status).toBe(404);
    expect(await other.calendar.listEvents(range('2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'))).toEqual(
      [],
    );
  });

  it('syncs a calendar: everything first, then only what changed and what was deleted', async () => {
    const session = sessionFor('cal-sync');
    const first = await session.calendar.createEvent('personal', {
      summary: 'One',
      start: '2026-07-01T10:00:00Z',
    });
    const home = await session.caldav.homePath();
    const initial = await session.syncCollection(`${home}personal/`, undefined);
    expect(initial.changed.map((change) => change.etag)).toEqual([first.etag]);
    const second = await session.calendar.createEvent('personal', {
      summary: 'Two',
      start: '2026-07-02T10:00:00Z',
    });
    await session.calendar.deleteEvent('personal', first.objectName);
    const delta = await session.caldav.sync('personal', initial.syncToken);
    expect(delta.changed.map((change) => change.etag)).toEqual([second.etag]);
    expect(delta.deleted).toEqual([`${home}personal/${first.objectName}`]);
    await expect(session.caldav.sync('personal', 'garbage')).rejects.toMatchObject({
      code: 'invalid_sync_token',
    });
  });
});

describe('tasks on the double', () => {
  it('creates tasks and a subtask, completes one, and filters open, completed and due-before', async () => {
    const session = sessionFor('task-user');
    await session.caldav.createCalendar('tasks', { displayName: 'Tasks', components: ['VTODO'] });
    await expect(
      session.caldav.createCalendar('tasks', { displayName: 'Tasks', components: ['VTODO'] }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(session.tasks.createTask('personal', { summary: 'x' })).rejects.toMatchObject({
      code: 'bad_request',
    });
    const parent = await session.tasks.createTask('tasks', {
      summary: 'Ship release',
      due: '2026-12-05T17:00',
      timeZone: 'Europe/Berlin',
      priority: 1,
      categories: ['work', 'release'],
    });
    expect(parent).toMatchObject({
      status: 'NEEDS-ACTION',
      completed: false,
      due: { dateTime: '2026-12-05T17:00:00+01:00', timeZone: 'Europe/Berlin' },
      priority: 1,
      categories: ['work', 'release'],
    });
    const child = await session.tasks.createTask('tasks', {
      summary: 'Write notes',
      parentUid: parent.uid,
      due: '2026-12-10',
    });
    expect(child.parentUid).toBe(parent.uid);
    const done = await session.tasks.completeTask('tasks', child.objectName, true, { etag: child.etag });
    expect(done).toMatchObject({ status: 'COMPLETED', completed: true, percentComplete: 100 });
    expect(done.completedAt).toHaveProperty('timeZone', 'UTC');
    const open = await session.tasks.listTasks({ status: 'open' });
    expect(open.map((task) => task.summary)).toEqual(['Ship release']);
    expect((await session.tasks.listTasks({ status: 'completed' })).map((task) => task.summary)).toEqual([
      'Write notes',
    ]);
    const dueSoon = await session.tasks.listTasks({
      status: 'all',
      dueBefore: Date.parse('2026-12-06T00:00:00Z'),
    });
    expect(dueSoon.map((task) => task.summary)).toEqual(['Ship release']);
    await expect(
      session.tasks.updateTask('tasks', child.objectName, { summary: 'stale' }, { etag: child.etag }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await session.tasks.deleteTask('tasks', child.objectName, {});
    expect((await session.tasks.listTasks({ status: 'all' })).map((task) => task.summary)).toEqual([
      'Ship release',
    ]);
  });
});
