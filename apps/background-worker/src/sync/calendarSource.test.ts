import { describe, expect, it } from 'vitest';
import { calendarItem } from './calendarSource.js';
import { contactItem } from './contactsSource.js';
import { memberOf } from './davCollectionSync.js';

const HREF = '/remote.php/dav/calendars/alice/work%20cal/series.ics';

function ics(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

describe('calendar objects as index items', () => {
  it('indexes a recurring series by its master, not by an override', () => {
    const data = ics(
      'BEGIN:VEVENT',
      'UID:s1',
      'RECURRENCE-ID:20260511T090000Z',
      'DTSTART:20260511T100000Z',
      'SUMMARY:Moved standup',
      'DTSTAMP:20260501T000000Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:s1',
      'DTSTART:20260504T090000Z',
      'RRULE:FREQ=WEEKLY',
      'SUMMARY:Standup',
      'DESCRIPTION:daily sync',
      'LOCATION:Room 4',
      'DTSTAMP:20260501T000000Z',
      'LAST-MODIFIED:20260502T080000Z',
      'END:VEVENT',
    );
    expect(calendarItem('work cal', HREF, { name: 'series.ics', etag: 'e1', data })).toEqual({
      family: 'calendar',
      id: HREF,
      title: 'Standup',
      content: 'daily sync\nRoom 4',
      link: 'nextcloud://calendar/work%20cal/series.ics',
      etag: 'e1',
      modifiedAt: Date.UTC(2026, 4, 2, 8),
    });
  });

  it('indexes a task with its status and due date, dated by DTSTAMP without LAST-MODIFIED', () => {
    const data = ics(
      'BEGIN:VTODO',
      'UID:t1',
      'SUMMARY:File taxes',
      'STATUS:IN-PROCESS',
      'DUE;VALUE=DATE:20260601',
      'DTSTAMP:20260503T120000Z',
      'END:VTODO',
    );
    const item = calendarItem('tasks', HREF, { name: 't1.ics', etag: 'e2', data });
    expect(item).toMatchObject({ title: 'File taxes', modifiedAt: Date.UTC(2026, 4, 3, 12) });
    expect(item?.content).toBe('Task status: IN-PROCESS\nDue: 2026-06-01');
  });

  it('leaves out objects without an event or a task, and refuses unreadable data as a protocol error', () => {
    const journal = ics('BEGIN:VJOURNAL', 'UID:j1', 'SUMMARY:Diary', 'END:VJOURNAL');
    expect(calendarItem('personal', HREF, { name: 'j1.ics', etag: 'e', data: journal })).toBeUndefined();
    expect(() => calendarItem('personal', HREF, { name: 'x.ics', etag: 'e', data: 'not ical' })).toThrow(
      expect.objectContaining({ code: 'protocol' }),
    );
  });
});

describe('contacts as index items', () => {
  it('indexes the name as title and emails, phones, organisation and note as text', () => {
    const item = contactItem(
      '/remote.php/dav/addressbooks/users/alice/contacts/zelda.vcf',
      {
        addressBook: 'contacts',
        id: 'zelda.vcf',
        etag: 'c1',
        fullName: 'Zelda Zebra',
        emails: [{ value: 'zelda@example.org', types: ['work'] }],
        phones: [{ value: '+49 30 1234567', types: [] }],
        organization: 'Stripes Inc',
        note: 'met at the watering hole',
        addresses: [],
        urls: [],
        categories: [],
        hasPhoto: true,
      },
      1_000,
    );
    expect(item).toEqual({
      family: 'contacts',
      id: '/remote.php/dav/addressbooks/users/alice/contacts/zelda.vcf',
      title: 'Zelda Zebra',
      content: 'zelda@example.org\n+49 30 1234567\nStripes Inc\nmet at the watering hole',
      link: 'nextcloud://contacts/contacts/zelda.vcf',
      etag: 'c1',
      modifiedAt: 1_000,
    });
  });
});

describe('member hrefs', () => {
  it('give the decoded collection and member names', () => {
    expect(memberOf(HREF)).toEqual({ collection: 'work cal', name: 'series.ics' });
    expect(memberOf('https://cloud.example.com/remote.php/dav/addressbooks/users/a/b/c%2B.vcf')).toEqual({
      collection: 'b',
      name: 'c+.vcf',
    });
    expect(memberOf('x.ics')).toBeUndefined();
    expect(memberOf('/a/%E0%A4%A/x.ics')).toBeUndefined();
  });
});
