import ICAL from 'ical.js';
import { type ResolvedTime, resolveTime } from './instants.js';

/** How many instances of one series are looked at, at most (a daily rule from 1990 is ~13,000). */
const MAX_ITERATIONS = 20_000;

/** One instance of an event in a time range: the series master's, or an override's own data. */
export interface Occurrence {
  /** The VEVENT that describes this instance (the master, or its RECURRENCE-ID override). */
  component: ICAL.Component;
  start: ResolvedTime;
  end: ResolvedTime;
  /** Set for instances of a recurring event: the original start that identifies the instance. */
  recurrenceId?: ResolvedTime;
  /** The instance's original start as ical.js has it (same value type and zone as DTSTART). */
  recurrenceTime?: ICAL.Time;
  /** An override changed this instance (RECURRENCE-ID component). */
  overridden: boolean;
}

/** A half-open interval of epoch milliseconds. */
export interface Range {
  start: number;
  end: number;
}

const tzidOf = (component: ICAL.Component, name: string): string | undefined => {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
};

/** Whether [start, end) overlaps the range (RFC 4791 9.9; an instant event at `start` counts too). */
export function overlaps(start: number, end: number, range: Range): boolean {
  return start < range.end && (end > range.start || (end === start && start >= range.start));
}

/** The master's duration as ical.js measures it (wall-clock, so a 1-hour meeting stays 1 hour across DST). */
function durationOf(component: ICAL.Component): ICAL.Duration {
  const start = component.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  const end = component.getFirstPropertyValue('dtend') as ICAL.Time | null;
  const duration = component.getFirstPropertyValue('duration') as ICAL.Duration | null;
  if (start && end) return end.subtractDate(start);
  if (duration) return duration;
  return start?.isDate ? ICAL.Duration.fromData({ days: 1 }) : ICAL.Duration.fromSeconds(0);
}

/** Start and end of one VEVENT instance starting at `time` (the component's DTSTART for a single one). */
function instance(
  component: ICAL.Component,
  time: ICAL.Time,
  floatingZone: string,
): { start: ResolvedTime; end: ResolvedTime } {
  const startTzid = tzidOf(component, 'dtstart');
  const start = resolveTime(time, startTzid, floatingZone);
  const endTime = time.clone();
  endTime.addDuration(durationOf(component));
  const dtend = component.getFirstPropertyValue('dtend') as ICAL.Time | null;
  const endTzid = tzidOf(component, 'dtend');
  if (dtend && !dtend.isDate && endTzid !== startTzid) {
    // DTEND in another zone than DTSTART: keep the absolute length, shown in DTEND's zone.
    const dtstart = component.getFirstPropertyValue('dtstart') as ICAL.Time;
    const length =
      resolveTime(dtend, endTzid, floatingZone).epochMs -
      resolveTime(dtstart, startTzid, floatingZone).epochMs;
    const zoned = resolveTime(dtend, endTzid, floatingZone);
    return { start, end: { ...zoned, epochMs: start.epochMs + length } };
  }
  return { start, end: resolveTime(endTime, startTzid, floatingZone) };
}

const isRecurring = (component: ICAL.Component): boolean =>
  component.hasProperty('rrule') || component.hasProperty('rdate');

/**
 * The instances of the VEVENTs (or VTODOs with DTSTART) of one calendar object that overlap `range`:
 * recurrences expanded with ical.js (RRULE, RDATE, EXDATE), RECURRENCE-ID overrides put in place of the
 * instances they replace, wherever they were moved to.
 */
export function expandOccurrences(
  calendar: ICAL.Component,
  range: Range,
  floatingZone: string,
): Occurrence[] {
  const found: Occurrence[] = [];
  const events = calendar.getAllSubcomponents('vevent');
  const uids = [...new Set(events.map((event) => String(event.getFirstPropertyValue('uid') ?? '')))];
  for (const uid of uids) {
    const parts = events.filter((event) => String(event.getFirstPropertyValue('uid') ?? '') === uid);
    const master = parts.find((part) => !part.hasProperty('recurrence-id'));
    const overrides = parts.filter((part) => part.hasProperty('recurrence-id'));
    const overridden = new Set<number>();
    for (const override of overrides) {
      const recurrenceTime = override.getFirstPropertyValue('recurrence-id') as ICAL.Time;
      const recurrenceId = resolveTime(recurrenceTime, tzidOf(override, 'recurrence-id'), floatingZone);
      overridden.add(recurrenceId.epochMs);
      const dtstart = override.getFirstPropertyValue('dtstart') as ICAL.Time | null;
      if (!dtstart) continue;
      const { start, end } = instance(override, dtstart, floatingZone);
      if (overlaps(start.epochMs, end.epochMs, range)) {
        found.push({ component: override, start, end, recurrenceId, recurrenceTime, overridden: true });
      }
    }
    if (!master) continue;
    const dtstart = master.getFirstPropertyValue('dtstart') as ICAL.Time | null;
    if (!dtstart) continue;
    if (!isRecurring(master)) {
      const { start, end } = instance(master, dtstart, floatingZone);
      if (overlaps(start.epochMs, end.epochMs, range))
        found.push({ component: master, start, end, overridden: false });
      continue;
    }
    const iterator = new ICAL.Event(master).iterator();
    for (let count = 0; count < MAX_ITERATIONS; count++) {
      const next = iterator.next();
      if (!next) break;
      const { start, end } = instance(master, next, floatingZone);
      if (start.epochMs >= range.end) break;
      if (overridden.has(start.epochMs)) continue;
      if (overlaps(start.epochMs, end.epochMs, range)) {
        found.push({
          component: master,
          start,
          end,
          recurrenceId: start,
          recurrenceTime: next,
          overridden: false,
        });
      }
    }
  }
  return found.sort((a, b) => a.start.epochMs - b.start.epochMs);
}

/** Finds the instance of a series whose original start is `epochMs` (or whose date is `date`), ignoring overrides. */
export function findInstance(
  master: ICAL.Component,
  matches: (recurrenceId: ResolvedTime) => boolean,
  floatingZone: string,
): { time: ICAL.Time; start: ResolvedTime; end: ResolvedTime } | undefined {
  const dtstart = master.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  if (!dtstart) return undefined;
  if (!isRecurring(master)) return undefined;
  const iterator = new ICAL.Event(master).iterator();
  for (let count = 0; count < MAX_ITERATIONS; count++) {
    const next = iterator.next();
    if (!next) return undefined;
    const { start, end } = instance(master, next, floatingZone);
    if (matches(start)) return { time: next, start, end };
  }
  return undefined;
}
