import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import { canonicalZone, isKnownZone } from './zones.js';

/** Parses iCalendar text into its VCALENDAR; unparsable data is a `protocol` error (it came from the server). */
export function parseCalendarData(data: string): ICAL.Component {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(data);
  } catch {
    throw new NextcloudError('protocol', 'Nextcloud returned calendar data that cannot be read');
  }
  // Several top-level components come back as an array of them; one as the component itself.
  const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  const component = new ICAL.Component(first as unknown[]);
  if (component.name !== 'vcalendar') {
    throw new NextcloudError('protocol', 'Nextcloud returned calendar data that cannot be read');
  }
  return component;
}

/** iCalendar text of a VCALENDAR, with CRLF line ends and a final CRLF. */
export function serializeCalendar(calendar: ICAL.Component): string {
  return `${calendar.toString()}\r\n`;
}

/** The TZID of the first VTIMEZONE of some iCalendar text, when Intl knows it (calendar-timezone). */
export function tzidOfCalendarData(data: string): string | undefined {
  try {
    const tzid = parseCalendarData(data).getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid');
    return typeof tzid === 'string' && isKnownZone(tzid) ? canonicalZone(tzid) : undefined;
  } catch {
    return undefined;
  }
}

/** The first value of a text property, or undefined. */
export function textProperty(component: ICAL.Component, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : undefined;
}

/** Sets a text property, or removes it for `null` (other properties stay as they are). */
export function setTextProperty(component: ICAL.Component, name: string, value: string | null): void {
  if (value === null || value === '') component.removeAllProperties(name);
  else component.updatePropertyWithValue(name, value);
}

/** Now as a UTC DATE-TIME (DTSTAMP, LAST-MODIFIED, COMPLETED). */
export function utcNow(now: number = Date.now()): ICAL.Time {
  return ICAL.Time.fromData(
    (() => {
      const date = new Date(now);
      return {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
        isDate: false,
      };
    })(),
    ICAL.Timezone.utcTimezone,
  );
}

/** Marks a change as clients do: DTSTAMP and LAST-MODIFIED now, SEQUENCE one higher. */
export function touch(component: ICAL.Component, now: number = Date.now(), bumpSequence = true): void {
  component.updatePropertyWithValue('dtstamp', utcNow(now));
  component.updatePropertyWithValue('last-modified', utcNow(now));
  if (bumpSequence) {
    const sequence = Number(component.getFirstPropertyValue('sequence') ?? 0);
    component.updatePropertyWithValue('sequence', Number.isInteger(sequence) ? sequence + 1 : 1);
  }
}
