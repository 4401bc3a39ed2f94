/**
 * IANA time-zone arithmetic from the TZID an event names, through Intl (the ICU data shipped with Node).
 * Nothing here reads the process's own zone: `TZ` of the server never changes what an event means.
 */

/** A wall-clock time without a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tzid: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tzid);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tzid,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(tzid, formatter);
  }
  return formatter;
}

/** Whether Intl knows `tzid` as an IANA zone ('Europe/Berlin', 'UTC'). */
export function isKnownZone(tzid: string): boolean {
  if (tzid === '' || tzid.length > 64) return false;
  try {
    formatterFor(tzid);
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling Intl uses for a known zone ('europe/berlin' → 'Europe/Berlin'). */
export function canonicalZone(tzid: string): string {
  return formatterFor(tzid).resolvedOptions().timeZone;
}

/** The wall-clock time in `tzid` at `epochMs`. */
export function wallTimeAt(tzid: string, epochMs: number): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(tzid).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const asUtc = (wall: WallTime): number =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** The offset of `tzid` from UTC at `epochMs`, in minutes (east positive: Berlin in summer is 120). */
export function offsetMinutes(tzid: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtc(wallTimeAt(tzid, whole)) - whole) / 60_000);
}

/**
 * The instant a wall-clock time in `tzid` stands for. In a gap (spring forward) the time is moved
 * forward by the gap, and in an overlap (fall back) the first of the two instants is taken, as RFC 5545
 * (3.3.5) says.
 */
export function wallTimeToEpoch(tzid: string, wall: WallTime): number {
  const local = asUtc(wall);
  const before = local - offsetMinutes(tzid, local - 86_400_000) * 60_000;
  const after = local - offsetMinutes(tzid, local + 86_400_000) * 60_000;
  const candidates = [before, after].filter((epoch) => asUtc(wallTimeAt(tzid, epoch)) === local);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the offset before the transition, which lands after it (02:30 → 03:30 in Berlin).
  return before;
}

function pad(value: number, length = 2): string {
  return String(Math.abs(value)).padStart(length, '0');
}

/** `2026-03-26T10:00:00+01:00`: the instant as an ISO 8601 string with the offset `tzid` has then. */
export function isoInZone(epochMs: number, tzid: string): string {
  const wall = wallTimeAt(tzid, epochMs);
  const offset = offsetMinutes(tzid, epochMs);
  const sign = offset < 0 ? '-' : '+';
  const zone =
    offset === 0 && (tzid === 'UTC' || tzid === 'Etc/UTC')
      ? 'Z'
      : `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T` +
    `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${zone}`
  );
}
