import ICAL from 'ical.js';

/** One instance of a VEVENT / VTODO in epoch milliseconds, with the component that describes it. */
export interface Instance {
  readonly component: ICAL.Component;
  readonly start: number;
  readonly end: number;
  /** The instance's original start (set for recurring ones). */
  readonly recurrenceId?: number;
}

const MAX_INSTANCES = 20_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(tzid: string, epoch: number): number | undefined {
  let formatter = formatters.get(tzid);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: tzid,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(tzid, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epoch))) parts[part.type] = Number(part.value);
  const local = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return local - Math.floor(epoch / 1000) * 1000;
}

/**
 * The instant of an iCalendar time as Sabre places it: UTC as is; a TZID PHP knows (IANA) by its rules;
 * another TZID by the object's VTIMEZONE; floating times and dates in UTC (the calendar's default zone).
 */
export function epochOf(time: ICAL.Time, tzid: unknown): number {
  const wall = Date.UTC(
    time.year,
    time.month - 1,
    time.day,
    time.isDate ? 0 : time.hour,
    time.isDate ? 0 : time.minute,
    time.isDate ? 0 : time.second,
  );
  if (time.isDate || time.zone === ICAL.Timezone.utcTimezone) return wall;
  if (typeof tzid === 'string') {
    const before = offsetMs(tzid, wall - 86_400_000);
    const after = offsetMs(tzid, wall + 86_400_000);
    if (before !== undefined && after !== undefined) {
      const candidates = [wall - before, wall - after].filter(
        (epoch) => epoch + (offsetMs(tzid, epoch) ?? 0) === wall,
      );
      return candidates.length > 0 ? Math.min(...candidates) : wall - before;
    }
    if (time.zone && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
  }
  return wall;
}

const tzidOf = (component: ICAL.Component, name: string): unknown =>
  component.getFirstProperty(name)?.getParameter('tzid');

function span(component: ICAL.Component, start: ICAL.Time): { start: number; end: number } {
  const dtstart = component.getFirstPropertyValue('dtstart') as ICAL.Time | null;
  const dtend = (component.getFirstPropertyValue('dtend') ??
    component.getFirstPropertyValue('due')) as ICAL.Time | null;
  const duration = component.getFirstPropertyValue('duration') as ICAL.Duration | null;
  const startMs = epochOf(start, tzidOf(component, 'dtstart'));
  let length: ICAL.Duration;
  if (dtstart && dtend) length = dtend.subtractDate(dtstart);
  else if (duration) length = duration;
  else length = start.isDate ? ICAL.Duration.fromData({ days: 1 }) : ICAL.Duration.fromSeconds(0);
  const end = start.clone();
  end.addDuration(length);
  return { start: startMs, end: epochOf(end, tzidOf(component, 'dtstart')) };
}

/** Whether [start, end) meets the half-open range (RFC 4791 9.9; an instant event at the start counts). */
export function meets(start: number, end: number, range: { start: number; end: number }): boolean {
  return start < range.end && (end > range.start || (end === start && start >= range.start));
}

/**
 * Every instance of the `name` components (VEVENT, VTODO) starting before `until`: recurrences
 * expanded (RRULE, RDATE, EXDATE) and overrides in place of the instances they replace.
 */
export function instancesOf(calendar: ICAL.Component, name: string, until: number): Instance[] {
  const components = calendar.getAllSubcomponents(name);
  const out: Instance[] = [];
  const overridden = new Set<number>();
  for (const component of components) {
    const recurrenceId = component.getFirstPropertyValue('recurrence-id') as ICAL.Time | null;
    const dtstart = component.getFirstPropertyValue('dtstart') as ICAL.Time | null;
    if (!recurrenceId) continue;
    const id = epochOf(recurrenceId, tzidOf(component, 'recurrence-id'));
    overridden.add(id);
    if (dtstart) out.push({ component, ...span(component, dtstart), recurrenceId: id });
  }
  for (const component of components) {
    if (component.hasProperty('recurrence-id')) continue;
    const dtstart = component.getFirstPropertyValue('dtstart') as ICAL.Time | null;
    if (!dtstart) {
      // A VTODO without DTSTART: only its DUE (or nothing) places it.
      const due = component.getFirstPropertyValue('due') as ICAL.Time | null;
      const at = due ? epochOf(due, tzidOf(component, 'due')) : Number.NaN;
      out.push({ component, start: at, end: at });
      continue;
    }
    if (!component.hasProperty('rrule') && !component.hasProperty('rdate')) {
      out.push({ component, ...span(component, dtstart) });
      continue;
    }
    const iterator = new ICAL.Event(component).iterator();
    for (let count = 0; count < MAX_INSTANCES; count++) {
      const next = iterator.next();
      if (!next) break;
      const instance = span(component, next);
      if (instance.start >= until) break;
      if (!overridden.has(instance.start)) out.push({ component, ...instance, recurrenceId: instance.start });
    }
  }
  return out;
}

/** A UTC DATE-TIME for an instant. */
export function utcTime(epoch: number): ICAL.Time {
  const date = new Date(epoch);
  return ICAL.Time.fromData(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      isDate: false,
    },
    ICAL.Timezone.utcTimezone,
  );
}

/** `20261208T000000Z` → epoch ms; undefined when malformed. */
export function parseUtc(value: string | undefined): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}
