import { parseCalendarData } from '@nc-mcp/nextcloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, type OwnFiles, ownFiles, postMcp } from './support/userFiles.js';

const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
const ALL = ['calendar.read', 'calendar.write'];
const CALENDAR_TOOLS = [
  'nc_calendar_search',
  'nc_calendars_list',
  'nc_event_create',
  'nc_event_delete',
  'nc_event_get',
  'nc_event_update',
  'nc_events_list',
  'nc_freebusy',
];
const calendarToolsOf = (tools: readonly { name: string }[]) =>
  tools.map((tool) => tool.name).filter((name) => CALENDAR_TOOLS.includes(name));
const row = (event: Structured) => [event.summary, event.start, event.end];

describe.each(['pass-through', 'exchange'] as const)('the calendar tools end to end, %s mode', (mode) => {
  let stack: Stack;
  let aliceToken: string;
  let bobToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    aliceToken = await mcpToken(stack, 'alice', ALL);
    bobToken = await mcpToken(stack, 'bob', ALL);
    readerToken = await mcpToken(stack, 'alice', ['calendar.read']);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses nc_event_create to a calendar.read token with 403 insufficient_scope naming calendar.write', async () => {
    const response = await postMcp(stack.mcpUrl, readerToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_event_create', arguments: { summary: 'x', start: '2026-12-01' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*\bcalendar\.write\b[^"]*"/);
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let bob: McpTestClient;
    let own: OwnFiles;
    // Each kind works in calendars of its own (alice's home is shared by both kinds).
    const work = `work-${kind}`;
    const week = `week-${kind}`;

    beforeAll(async () => {
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
      own = ownFiles(stack, aliceToken);
      await own.session.caldav.createCalendar(work, { displayName: `Work ${kind}`, components: ['VEVENT'] });
      await own.session.caldav.createCalendar(week, { displayName: `Week ${kind}`, components: ['VEVENT'] });
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
      await bob?.close();
    });

    it('lists the calendar tools and the calendars, the birthday calendar marked read-only', async () => {
      const { tools } = await alice.listTools();
      expect(calendarToolsOf(tools).sort()).toEqual(CALENDAR_TOOLS);
      const { calendars } = structured(await call(alice, 'nc_calendars_list', {})) as {
        calendars: Structured[];
      };
      expect(calendars).toContainEqual(expect.objectContaining({ id: 'personal', readOnly: false }));
      expect(calendars).toContainEqual(
        expect.objectContaining({ id: 'contact_birthdays', readOnly: true, birthdays: true }),
      );
      expect(calendars).toContainEqual(
        expect.objectContaining({ id: work, name: `Work ${kind}`, components: ['VEVENT'] }),
      );
    });

    it.each([
      [
        'Europe/Berlin',
        '2026-03-19T10:00',
        [
          '2026-03-19T10:00:00+01:00',
          '2026-03-26T10:00:00+01:00',
          '2026-04-02T10:00:00+02:00',
          '2026-04-09T10:00:00+02:00',
        ],
        '2026-04-03T15:00',
      ],
      [
        'America/New_York',
        '2026-10-22T09:00',
        [
          '2026-10-22T09:00:00-04:00',
          '2026-10-29T09:00:00-04:00',
          '2026-11-05T09:00:00-05:00',
          '2026-11-12T09:00:00-05:00',
        ],
        '2026-11-06T15:00',
      ],
    ])(
      'lists a weekly %s series across the DST change with one moved and one cancelled occurrence',
      async (zone, start, starts, movedTo) => {
        const summary = `Sync ${zone}`;
        const created = structured(
          await call(alice, 'nc_event_create', {
            calendarId: work,
            summary,
            start,
            end: start.replace(/T(\d\d)/, (_m, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`),
            timeZone: zone,
            rrule: 'FREQ=WEEKLY;COUNT=4',
          }),
        );
        const window = {
          calendarIds: [work],
          from: starts[0]?.slice(0, 10),
          to: '2026-12-31',
          timeZone: zone,
        };
        const listed = (
          structured(await call(alice, 'nc_events_list', window)).events as Structured[]
        ).filter((event) => event.eventId === created.eventId);
        expect(listed.map((event) => event.start)).toEqual(starts.map((time) => `${time}[${zone}]`));

        const third = listed[2] as Structured;
        const moved = structured(
          await call(alice, 'nc_event_update', {
            calendarId: work,
            eventId: created.eventId,
            etag: third.etag,
            occurrence: third.recurrenceId,
            start: movedTo,
            summary: `${summary} (moved)`,
          }),
        );
        // The series itself is unchanged by an occurrence update.
        expect(moved).toMatchObject({
          summary,
          start: `${starts[0]}[${zone}]`,
          rrule: 'FREQ=WEEKLY;COUNT=4',
        });
        const second = listed[1] as Structured;
        expect(
          structured(
            await call(alice, 'nc_event_delete', {
              calendarId: work,
              eventId: created.eventId,
              etag: moved.etag,
              occurrence: second.recurrenceId,
            }),
          ),
        ).toEqual({ eventId: created.eventId, deleted: 'occurrence' });

        const after = (structured(await call(alice, 'nc_events_list', window)).events as Structured[]).filter(
          (event) => event.eventId === created.eventId,
        );
        const movedStart = (
          structured(await call(alice, 'nc_event_get', { calendarId: work, eventId: created.eventId }))
            .overrides as Structured[]
        )[0]?.start;
        expect(after.map((event) => [event.summary, event.start, Boolean(event.overridden)])).toEqual([
          [summary, `${starts[0]}[${zone}]`, false],
          [`${summary} (moved)`, movedStart, true],
          [summary, `${starts[3]}[${zone}]`, false],
        ]);
        expect(String(movedStart)).toMatch(new RegExp(`^${movedTo}:00[+-]\\d\\d:00\\[${zone}\\]$`));
        const series = structured(
          await call(alice, 'nc_event_get', { calendarId: work, eventId: created.eventId }),
        );
        expect(series).toMatchObject({
          summary,
          rrule: 'FREQ=WEEKLY;COUNT=4',
          excluded: [`${starts[1]}[${zone}]`],
        });
      },
    );

    it('keeps an all-day event on its date whatever time zone it is listed in', async () => {
      const created = structured(
        await call(alice, 'nc_event_create', { calendarId: work, summary: 'Holiday', start: '2026-12-24' }),
      );
      expect(created).toMatchObject({ start: '2026-12-24', end: '2026-12-25' });
      for (const timeZone of ['Pacific/Auckland', 'America/Los_Angeles', 'UTC']) {
        const { events } = structured(
          await call(alice, 'nc_events_list', {
            calendarIds: [work],
            from: '2026-12-24',
            to: '2026-12-25',
            timeZone,
          }),
        ) as { events: Structured[] };
        expect(events.filter((event) => event.summary === 'Holiday').map(row), timeZone).toEqual([
          ['Holiday', '2026-12-24', '2026-12-25'],
        ]);
        // The next day, in the same zone, has no trace of it (the date is not shifted into it).
        const next = structured(
          await call(alice, 'nc_events_list', {
            calendarIds: [work],
            from: '2026-12-25',
            to: '2026-12-26',
            timeZone,
          }),
        ) as { events: Structured[] };
        expect(
          next.events.map((event) => event.summary),
          timeZone,
        ).not.toContain('Holiday');
      }
    });

    it('changes the summary and keeps reminders and attendees exactly as they were', async () => {
      const created = structured(
        await call(alice, 'nc_event_create', {
          calendarId: work,
          summary: 'Board meeting',
          start: '2026-06-01T14:00',
          timeZone: 'America/New_York',
          reminders: [{ minutesBefore: 30 }, { minutesBefore: 1440 }],
          attendees: [
            { email: 'carol@example.com', name: 'Carol' },
            { email: 'dave@example.com', optional: true },
          ],
        }),
      );
      const before = parseCalendarData((await own.session.caldav.get(work, String(created.eventId))).data);
      const updated = structured(
        await call(alice, 'nc_event_update', {
          calendarId: work,
          eventId: created.eventId,
          etag: created.etag,
          summary: 'Board meeting (Q3)',
        }),
      );
      expect(updated.summary).toBe('Board meeting (Q3)');
      const after = parseCalendarData((await own.session.caldav.get(work, String(created.eventId))).data);
      const [was, is] = [before, after].map((calendar) => calendar.getFirstSubcomponent('vevent'));
      expect(is?.getAllSubcomponents('valarm').map((alarm) => alarm.toJSON())).toEqual(
        was?.getAllSubcomponents('valarm').map((alarm) => alarm.toJSON()),
      );
      expect(is?.getAllSubcomponents('valarm')).toHaveLength(2);
      for (const name of ['attendee', 'organizer', 'dtstart', 'dtend']) {
        expect(
          is?.getAllProperties(name).map((property) => property.toJSON()),
          name,
        ).toEqual(was?.getAllProperties(name).map((property) => property.toJSON()));
      }
      const read = structured(
        await call(alice, 'nc_event_get', { calendarId: work, eventId: created.eventId }),
      );
      expect(read.attendees).toEqual([
        { email: 'carol@example.com', name: 'Carol', status: 'NEEDS-ACTION' },
        { email: 'dave@example.com', status: 'NEEDS-ACTION' },
      ]);
      expect(read.reminders).toEqual([
        { trigger: '-PT30M', minutesBefore: 30 },
        { trigger: '-P1D', minutesBefore: 1440 },
      ]);
    });

    it('finds free slots in working hours around a seeded week, ignoring free events', async () => {
      const seed = [
        { summary: 'Standup', start: '2026-11-02T10:00', end: '2026-11-02T11:00' },
        { summary: 'Coffee', start: '2026-11-02T13:00', end: '2026-11-02T13:20' },
        { summary: 'Workshop', start: '2026-11-03T08:00', end: '2026-11-03T12:00' },
        { summary: 'Focus (free)', start: '2026-11-04T09:00', end: '2026-11-04T17:00', transparent: true },
        { summary: 'Offsite', start: '2026-11-05' },
        { summary: 'Late call', start: '2026-11-06T16:45', end: '2026-11-06T18:00' },
      ];
      for (const event of seed) {
        structured(
          await call(alice, 'nc_event_create', { calendarId: week, timeZone: 'Europe/Berlin', ...event }),
        );
      }
      const result = structured(
        await call(alice, 'nc_freebusy', {
          from: '2026-11-02',
          to: '2026-11-09',
          timeZone: 'Europe/Berlin',
          calendarIds: [week],
        }),
      );
      expect(result.timeZone).toBe('Europe/Berlin');
      expect((result.slots as Structured[]).map((slot) => [slot.start, slot.end])).toEqual([
        ['2026-11-02T09:00:00+01:00', '2026-11-02T10:00:00+01:00'],
        ['2026-11-02T11:00:00+01:00', '2026-11-02T13:00:00+01:00'],
        ['2026-11-02T13:20:00+01:00', '2026-11-02T17:00:00+01:00'],
        ['2026-11-03T12:00:00+01:00', '2026-11-03T17:00:00+01:00'],
        ['2026-11-04T09:00:00+01:00', '2026-11-04T17:00:00+01:00'],
        ['2026-11-06T09:00:00+01:00', '2026-11-06T16:45:00+01:00'],
      ]);
      const search = structured(
        await call(alice, 'nc_calendar_search', {
          query: 'workSHOP',
          from: '2026-11-01',
          to: '2026-11-30',
          calendarIds: [week],
        }),
      );
      expect((search.events as Structured[]).map((event) => event.summary)).toEqual(['Workshop']);
    });

    it('refuses a stale etag with a conflict and leaves the event as it was', async () => {
      const created = structured(
        await call(alice, 'nc_event_create', {
          calendarId: work,
          summary: 'Draft',
          start: '2026-07-01T10:00:00Z',
        }),
      );
      structured(
        await call(alice, 'nc_event_update', {
          calendarId: work,
          eventId: created.eventId,
          etag: created.etag,
          summary: 'Final',
        }),
      );
      expect(
        errorText(
          await call(alice, 'nc_event_update', {
            calendarId: work,
            eventId: created.eventId,
            etag: created.etag,
            summary: 'Lost',
          }),
        ),
      ).toBe(
        `Conflict: event "${created.eventId}" changed since you read it. Read it again, then retry with the new etag.`,
      );
      expect(
        structured(await call(alice, 'nc_event_get', { calendarId: work, eventId: created.eventId })).summary,
      ).toBe('Final');
    });

    it('never lets another user reach the calendar', async () => {
      const created = structured(
        await call(alice, 'nc_event_create', {
          calendarId: work,
          summary: 'Private',
          start: '2026-08-01T10:00:00Z',
        }),
      );
      expect(errorText(await call(bob, 'nc_event_get', { calendarId: work, eventId: created.eventId }))).toBe(
        `Not found: event "${created.eventId}" in calendar "${work}" does not exist or you cannot see it.`,
      );
      expect(
        errorText(
          await call(bob, 'nc_events_list', { calendarIds: [work], from: '2026-08-01', to: '2026-08-02' }),
        ),
      ).toMatch(/^Not found/);
      expect(
        errorText(
          await call(bob, 'nc_event_get', { calendarId: '../alice/personal', eventId: created.eventId }),
        ),
      ).toMatch(/^Not found/);
      const { events } = structured(
        await call(bob, 'nc_events_list', { from: '2026-08-01', to: '2026-08-02' }),
      ) as {
        events: Structured[];
      };
      expect(events.map((event) => event.summary)).not.toContain('Private');
    });
  });
});
