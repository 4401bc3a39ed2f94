import ICAL from 'ical.js';
import { offsetMinutes } from './zones.js';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

interface Transition {
  at: number;
  from: number;
  to: number;
}

// Transitions of one year, to the minute: daily probes find the day, bisection the minute.
function transitionsIn(tzid: string, year: number): Transition[] {
  const found: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previous = Date.UTC(year, 0, 1);
  let previousOffset = offsetMinutes(tzid, previous);
  for (let probe = previous + DAY_MS; probe <= end; probe += DAY_MS) {
    const offset = offsetMinutes(tzid, probe);
    if (offset !== previousOffset) {
      let low = previous;
      let high = probe;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(tzid, middle) === previousOffset) low = middle;
        else high = middle;
      }
      found.push({ at: high, from: previousOffset, to: offset });
    }
    previous = probe;
    previousOffset = offset;
  }
  return found;
}

function utcOffset(minutes: number): ICAL.UtcOffset {
  const sign = minutes < 0 ? -1 : 1;
  const abs = Math.abs(minutes);
  return new ICAL.UtcOffset({ hours: Math.floor(abs / 60), minutes: abs % 60, factor: sign });
}

// The day of month of the `nth` (-1 = last) `weekday` (0 = Sunday) of a month.
function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;
  }
  const last = new Date(Date.UTC(year, month - 1, days)).getUTCDay();
  return days - ((last - weekday + 7) % 7);
}

function observance(transition: Transition): ICAL.Component {
  // The rule is stated in the wall time before the change, as RFC 5545 (3.6.5) wants.
  const before = new Date(transition.at + transition.from * 60_000);
  const weekday = before.getUTCDay();
  const month = before.getUTCMonth() + 1;
  const day = before.getUTCDate();
  const daysInMonth = new Date(Date.UTC(before.getUTCFullYear(), month, 0)).getUTCDate();
  const nth = day + 7 > daysInMonth ? -1 : Math.ceil(day / 7);
  const component = new ICAL.Component(transition.to > transition.from ? 'daylight' : 'standard');
  component.addPropertyWithValue(
    'dtstart',
    ICAL.Time.fromData({
      year: 1970,
      month,
      day: nthWeekday(1970, month, weekday, nth),
      hour: before.getUTCHours(),
      minute: before.getUTCMinutes(),
      second: 0,
      isDate: false,
    }),
  );
  component.addPropertyWithValue(
    'rrule',
    ICAL.Recur.fromData({ freq: 'YEARLY', byday: [`${nth}${WEEKDAYS[weekday]}`], bymonth: [month] }),
  );
  component.addPropertyWithValue('tzoffsetfrom', utcOffset(transition.from));
  component.addPropertyWithValue('tzoffsetto', utcOffset(transition.to));
  return component;
}

/**
 * A VTIMEZONE for an IANA zone, built from Intl's rules of `year` as yearly recurrences (what calendar
 * clients write): one STANDARD and one DAYLIGHT observance for a zone with summer time, one STANDARD
 * otherwise. Events must carry one for each TZID they use (RFC 5545 3.6.5).
 */
export function buildVtimezone(tzid: string, year: number): ICAL.Component {
  const vtimezone = new ICAL.Component('vtimezone');
  vtimezone.addPropertyWithValue('tzid', tzid);
  const transitions = transitionsIn(tzid, year);
  if (transitions.length === 0) {
    const offset = offsetMinutes(tzid, Date.UTC(year, 0, 1));
    const standard = new ICAL.Component('standard');
    standard.addPropertyWithValue(
      'dtstart',
      ICAL.Time.fromData({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, isDate: false }),
    );
    standard.addPropertyWithValue('tzoffsetfrom', utcOffset(offset));
    standard.addPropertyWithValue('tzoffsetto', utcOffset(offset));
    vtimezone.addSubcomponent(standard);
    return vtimezone;
  }
  for (const transition of transitions) vtimezone.addSubcomponent(observance(transition));
  return vtimezone;
}
