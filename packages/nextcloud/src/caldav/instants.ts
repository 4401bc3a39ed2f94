import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import {
  canonicalZone,
  isKnownZone,
  offsetMinutes,
  type WallTime,
  wallTimeAt,
  wallTimeToEpoch,
} from './zones.js';

/** A start, end or due time as the tools show it: a date for all-day values, else an instant with its zone. */
export type EventTime = { date: string } | { dateTime: string; timeZone: string };

/** An iCalendar DATE or DATE-TIME resolved to an instant. */
export interface ResolvedTime {
  /** For a DATE: midnight in the zone the caller asked to place floating values in. */
  epochMs: number;
  /** `YYYY-MM-DD` for a DATE value. */
  date?: string;
  /** The zone the value is in: its TZID, 'UTC', or the fallback zone for floating times. */
  tzid: string;
  /** The zone's offset at that instant, in minutes. */
  offset: number;
}

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

/** `YYYY-MM-DD` of a wall time. */
export function dateString(wall: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

function wallOf(time: ICAL.Time): WallTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.isDate ? 0 : time.hour,
    minute: time.isDate ? 0 : time.minute,
    second: time.isDate ? 0 : time.second,
  };
}

function isUtc(time: ICAL.Time): boolean {
  return time.zone === ICAL.Timezone.utcTimezone || time.zone?.tzid === 'UTC';
}

/**
 * Resolves an ICAL.Time whose TZID (if any) is `tzid`. The zone comes from the data: an IANA TZID goes
 * through Intl's rules, any other TZID through the object's own VTIMEZONE (which ical.js attached), and
 * a floating time (or a TZID nobody defines) is placed in `floatingZone` — the calendar's time zone, or
 * UTC — never in the server process's zone.
 */
export function resolveTime(time: ICAL.Time, tzid: string | undefined, floatingZone: string): ResolvedTime {
  const wall = wallOf(time);
  if (time.isDate) {
    const epochMs = wallTimeToEpoch(floatingZone, wall);
    return {
      epochMs,
      date: dateString(wall),
      tzid: floatingZone,
      offset: offsetMinutes(floatingZone, epochMs),
    };
  }
  if (isUtc(time)) {
    const epochMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    return { epochMs, tzid: 'UTC', offset: 0 };
  }
  if (tzid !== undefined && isKnownZone(tzid)) {
    const zone = canonicalZone(tzid);
    const epochMs = wallTimeToEpoch(zone, wall);
    return { epochMs, tzid: zone, offset: offsetMinutes(zone, epochMs) };
  }
  if (tzid !== undefined && time.zone && time.zone !== ICAL.Timezone.localTimezone) {
    // A zone only the object's VTIMEZONE defines ("W. Europe Standard Time").
    return { epochMs: time.toUnixTime() * 1000, tzid, offset: Math.round(time.utcOffset() / 60) };
  }
  const epochMs = wallTimeToEpoch(floatingZone, wall);
  return { epochMs, tzid: floatingZone, offset: offsetMinutes(floatingZone, epochMs) };
}

/** The ISO 8601 form of an instant at a given offset: `2026-03-26T10:00:00+01:00` (`Z` for UTC). */
export function isoAtOffset(epochMs: number, offset: number, tzid: string): string {
  const shifted = new Date(epochMs + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const zone =
    offset === 0 && tzid === 'UTC' ? 'Z' : `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return `${shifted.toISOString().slice(0, 19)}${zone}`;
}

/** The tool form of a resolved time. */
export function toEventTime(resolved: ResolvedTime): EventTime {
  if (resolved.date !== undefined) return { date: resolved.date };
  return { dateTime: isoAtOffset(resolved.epochMs, resolved.offset, resolved.tzid), timeZone: resolved.tzid };
}

/** A time a caller gave: a date (all-day), or a wall-clock time in an IANA zone. */
export type TimeInput = { kind: 'date'; date: string } | { kind: 'wall'; wall: WallTime; tzid: string };

function invalid(message: string): NextcloudError {
  return new NextcloudError('bad_request', message);
}

/**
 * Reads `YYYY-MM-DD` (a date), `YYYY-MM-DDTHH:MM[:SS]` (wall time in `timeZone`, which is then needed) or
 * an ISO instant with `Z` / `±HH:MM` (placed in `timeZone`, or UTC).
 */
export function parseTimeInput(value: string, timeZone: string | undefined, field: string): TimeInput {
  const zone = timeZone === undefined ? undefined : checkZone(timeZone);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const wall = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) };
    checkDate(wall, field);
    return { kind: 'date', date: dateString(wall) };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!match) throw invalid(`${field}: use YYYY-MM-DD, YYYY-MM-DDTHH:MM or an ISO time with offset`);
  const wall: WallTime = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
  };
  checkDate(wall, field);
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) throw invalid(`${field}: not a valid time`);
  if (match[7] === undefined) {
    if (zone === undefined) throw invalid(`${field}: a local time needs timeZone (or give an offset)`);
    return { kind: 'wall', wall, tzid: zone };
  }
  const epochMs = Date.parse(value);
  if (Number.isNaN(epochMs)) throw invalid(`${field}: not a valid time`);
  const target = zone ?? 'UTC';
  return { kind: 'wall', wall: wallTimeAt(target, epochMs), tzid: target };
}

function checkDate(wall: Pick<WallTime, 'year' | 'month' | 'day'>, field: string): void {
  const time = Date.UTC(wall.year, wall.month - 1, wall.day);
  if (
    wall.year < 1900 ||
    wall.year > 2200 ||
    new Date(time).toISOString().slice(0, 10) !== dateString(wall)
  ) {
    throw invalid(`${field}: not a valid date`);
  }
}

/** The canonical IANA name of `tzid`, or a `bad_request` error. */
export function checkZone(tzid: string): string {
  if (!isKnownZone(tzid)) throw invalid(`timeZone: unknown time zone "${tzid.slice(0, 64)}"`);
  return canonicalZone(tzid);
}

/** The instant of a time input (dates at midnight in `zone`). */
export function inputEpoch(input: TimeInput, zone = 'UTC'): number {
  if (input.kind === 'wall') return wallTimeToEpoch(input.tzid, input.wall);
  const [year, month, day] = input.date.split('-').map(Number);
  return wallTimeToEpoch(zone, {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: 0,
    minute: 0,
    second: 0,
  });
}

/** An ICAL.Time for a time input: a DATE, a UTC DATE-TIME, or a wall time to be written with its TZID. */
export function toIcalTime(input: TimeInput): ICAL.Time {
  if (input.kind === 'date') return ICAL.Time.fromDateString(input.date);
  const data = { ...input.wall, isDate: false };
  return input.tzid === 'UTC'
    ? ICAL.Time.fromData(data, ICAL.Timezone.utcTimezone)
    : ICAL.Time.fromData(data);
}

/** Sets a DATE / DATE-TIME property (DTSTART, DTEND, DUE, RECURRENCE-ID, EXDATE) with its TZID parameter. */
export function setTimeProperty(component: ICAL.Component, name: string, input: TimeInput): ICAL.Property {
  component.removeAllProperties(name);
  return addTimeProperty(component, name, input);
}

/** Adds a DATE / DATE-TIME property with its TZID parameter (EXDATE may appear several times). */
export function addTimeProperty(component: ICAL.Component, name: string, input: TimeInput): ICAL.Property {
  const property = new ICAL.Property(name);
  if (input.kind === 'wall' && input.tzid !== 'UTC') property.setParameter('tzid', input.tzid);
  property.setValue(toIcalTime(input));
  component.addProperty(property);
  return property;
}

/** A time input standing for the same value (type and zone) as a resolved property value. */
export function inputOf(resolved: ResolvedTime): TimeInput {
  if (resolved.date !== undefined) return { kind: 'date', date: resolved.date };
  return {
    kind: 'wall',
    wall: wallTimeAt(resolved.tzid === 'UTC' ? 'UTC' : resolved.tzid, resolved.epochMs),
    tzid: resolved.tzid,
  };
}
