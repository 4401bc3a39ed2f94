import { describe, expect, it } from 'vitest';
import { rangeInput, splitZoneSuffix, timeText, withZones } from './calendarShapes.js';

describe('calendar tool times', () => {
  it('writes all-day values as dates and instants as ISO with offset and [zone]', () => {
    expect(timeText({ date: '2026-12-24' })).toBe('2026-12-24');
    expect(timeText({ dateTime: '2026-03-26T10:00:00+01:00', timeZone: 'Europe/Berlin' })).toBe(
      '2026-03-26T10:00:00+01:00[Europe/Berlin]',
    );
  });

  it('takes a time copied from an output back, its [zone] standing in for timeZone', () => {
    expect(splitZoneSuffix('2026-03-26T10:00:00+01:00[Europe/Berlin]')).toEqual({
      value: '2026-03-26T10:00:00+01:00',
      zone: 'Europe/Berlin',
    });
    expect(withZones({ start: '2026-04-03T15:00[America/New_York]' })).toEqual({
      start: '2026-04-03T15:00',
      timeZone: 'America/New_York',
    });
    expect(withZones({ start: '2026-04-03T15:00[America/New_York]', timeZone: 'UTC' }).timeZone).toBe('UTC');
  });

  it('reads ranges in the given zone and refuses reversed, too long or unknown-zone ranges', () => {
    const range = rangeInput('2026-12-24', '2026-12-25', 'Pacific/Auckland', 31);
    expect(new Date(range.start).toISOString()).toBe('2026-12-23T11:00:00.000Z');
    expect(() => rangeInput('2026-12-25', '2026-12-24', undefined, 31)).toThrow('to: must be after from');
    expect(() => rangeInput('2026-01-01', '2026-12-31', undefined, 31)).toThrow('at most 31 days');
    expect(() => rangeInput('2026-01-01', '2026-01-02', 'Mars/Olympus', 31)).toThrow('unknown time zone');
  });
});
