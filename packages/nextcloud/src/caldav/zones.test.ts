import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { freeSlots } from './freeSlots.js';
import { resolveTime } from './instants.js';
import { buildVtimezone } from './vtimezone.js';
import { isoInZone, offsetMinutes, wallTimeToEpoch } from './zones.js';

// These must hold whatever TZ the test process runs with (CI runs them with TZ=UTC and TZ=Pacific/Auckland).
describe('zone arithmetic from the TZID, never the process zone', () => {
  it('places wall times in Berlin and New York on both sides of their DST changes', () => {
    const at = (zone: string, y: number, mo: number, d: number, h: number) =>
      isoInZone(wallTimeToEpoch(zone, { year: y, month: mo, day: d, hour: h, minute: 0, second: 0 }), zone);
    expect(at('Europe/Berlin', 2026, 3, 28, 10)).toBe('2026-03-28T10:00:00+01:00');
    expect(at('Europe/Berlin', 2026, 3, 30, 10)).toBe('2026-03-30T10:00:00+02:00');
    expect(at('America/New_York', 2026, 11, 1, 9)).toBe('2026-11-01T09:00:00-05:00');
    expect(at('America/New_York', 2026, 10, 31, 9)).toBe('2026-10-31T09:00:00-04:00');
    expect(at('UTC', 2026, 7, 1, 9)).toBe('2026-07-01T09:00:00Z');
  });

  it('moves a time in the spring gap forward and takes the first of an autumn overlap', () => {
    const gap = wallTimeToEpoch('Europe/Berlin', {
      year: 2026,
      month: 3,
      day: 29,
      hour: 2,
      minute: 30,
      second: 0,
    });
    expect(isoInZone(gap, 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    const overlap = wallTimeToEpoch('Europe/Berlin', {
      year: 2026,
      month: 10,
      day: 25,
      hour: 2,
      minute: 30,
      second: 0,
    });
    expect(offsetMinutes('Europe/Berlin', overlap)).toBe(120);
  });

  it('builds a VTIMEZONE whose rules ical.js reads to the same offsets as Intl', () => {
    const zone = new ICAL.Timezone({
      component: buildVtimezone('America/New_York', 2026),
      tzid: 'America/New_York',
    });
    for (const [month, hour] of [
      [1, 12],
      [7, 12],
      [11, 12],
    ] as const) {
      const time = ICAL.Time.fromData({ year: 2030, month, day: 15, hour, minute: 0, second: 0 }, zone);
      expect(time.toUnixTime() * 1000).toBe(
        wallTimeToEpoch('America/New_York', { year: 2030, month, day: 15, hour, minute: 0, second: 0 }),
      );
    }
  });

  it('keeps a DATE a date and floats a floating time in the calendar zone', () => {
    expect(resolveTime(ICAL.Time.fromDateString('2026-12-24'), undefined, 'Pacific/Auckland')).toMatchObject({
      date: '2026-12-24',
    });
    const floating = ICAL.Time.fromDateTimeString('2026-07-01T09:00:00');
    expect(resolveTime(floating, undefined, 'Asia/Kolkata').offset).toBe(330);
  });
});

describe('freeSlots', () => {
  it('walks working days in the zone and cuts busy intervals out, keeping slots of the minimum length', () => {
    const zone = 'Europe/Berlin';
    const t = (d: number, h: number, m = 0) =>
      wallTimeToEpoch(zone, { year: 2026, month: 3, day: d, hour: h, minute: m, second: 0 });
    const slots = freeSlots([{ start: t(27, 10), end: t(27, 16, 45) }], {
      start: t(27, 0),
      end: t(31, 0),
      timeZone: zone,
      dayStartMinutes: 9 * 60,
      dayEndMinutes: 17 * 60,
      workDays: [1, 2, 3, 4, 5],
      minMinutes: 30,
    });
    // Friday 27 March (CET) and Monday 30 March (CEST); the weekend with the DST change is skipped.
    expect(slots.map((slot) => [slot.start, slot.end])).toEqual([
      ['2026-03-27T09:00:00+01:00', '2026-03-27T10:00:00+01:00'],
      ['2026-03-30T09:00:00+02:00', '2026-03-30T17:00:00+02:00'],
    ]);
  });
});
