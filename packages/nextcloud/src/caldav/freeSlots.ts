import type { EventTime } from './instants.js';
import { isoInZone, wallTimeAt, wallTimeToEpoch } from './zones.js';

/** Working hours and limits for {@link freeSlots}. */
export interface FreeSlotOptions {
  /** Epoch milliseconds, half-open. */
  start: number;
  end: number;
  /** IANA zone the working hours and all-day events are in. */
  timeZone: string;
  /** Minutes after midnight; default 9:00–17:00. */
  dayStartMinutes: number;
  dayEndMinutes: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days. */
  workDays: readonly number[];
  /** Shortest slot worth reporting, in minutes. */
  minMinutes: number;
}

/** A free slot, in the requested zone. */
export interface FreeSlot {
  start: string;
  end: string;
  minutes: number;
}

/** The instant an event time stands for; dates are midnight in `zone` (all-day events keep their date). */
export function epochOf(time: EventTime, zone: string): number {
  if ('dateTime' in time) return Date.parse(time.dateTime);
  const [year = 0, month = 0, day = 0] = time.date.split('-').map(Number);
  return wallTimeToEpoch(zone, { year, month, day, hour: 0, minute: 0, second: 0 });
}

/**
 * The free slots within working hours between `start` and `end`, given the busy intervals (epoch ms):
 * each working day's hours in the zone, minus every busy interval, keeping the gaps of at least
 * `minMinutes`. Days are walked in the zone, so DST changes shift nothing.
 */
export function freeSlots(
  busy: ReadonlyArray<{ start: number; end: number }>,
  options: FreeSlotOptions,
): FreeSlot[] {
  const merged = [...busy].filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  const slots: FreeSlot[] = [];
  const first = wallTimeAt(options.timeZone, options.start);
  // Noon of each calendar day, stepping by dates (not by 24 hours, which DST would break).
  for (let index = 0; index < 400; index++) {
    const noonUtc = Date.UTC(first.year, first.month - 1, first.day + index, 12);
    const date = new Date(noonUtc);
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const dayStart = wallTimeToEpoch(options.timeZone, { ...day, hour: 0, minute: 0, second: 0 });
    if (dayStart >= options.end) break;
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (!options.workDays.includes(weekday)) continue;
    const at = (minutes: number) =>
      wallTimeToEpoch(options.timeZone, {
        ...day,
        hour: Math.floor(minutes / 60),
        minute: minutes % 60,
        second: 0,
      });
    let cursor = Math.max(at(options.dayStartMinutes), options.start);
    const close = Math.min(at(options.dayEndMinutes), options.end);
    const push = (from: number, to: number) => {
      const minutes = Math.floor((to - from) / 60_000);
      if (minutes >= options.minMinutes) {
        slots.push({
          start: isoInZone(from, options.timeZone),
          end: isoInZone(to, options.timeZone),
          minutes,
        });
      }
    };
    for (const interval of merged) {
      if (interval.end <= cursor || interval.start >= close) continue;
      if (interval.start > cursor) push(cursor, interval.start);
      cursor = Math.max(cursor, interval.end);
      if (cursor >= close) break;
    }
    if (cursor < close) push(cursor, close);
  }
  return slots;
}
