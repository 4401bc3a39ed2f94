import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CALLER_NAMES, type CallerName, isCallerName } from './callerNames.js';

/** Keys shorter than this are refused at start: a caller key is the only secret between two processes. */
export const MIN_CALLER_KEY_LENGTH = 16;

/** The outcome of {@link parseCallerKeys}: the keys, or problems that never quote a key. */
export type ParsedCallerKeys =
  | { ok: true; keys: ReadonlyMap<CallerName, string> }
  | { ok: false; problems: string[] };

/**
 * Parses `name=key,name=key`. Problems describe the entry by position only: an entry without `=` could be a
 * bare key, so no part of any entry is ever repeated back.
 */
export function parseCallerKeys(value: string): ParsedCallerKeys {
  const keys = new Map<CallerName, string>();
  const problems: string[] = [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    const separator = entry.indexOf('=');
    if (separator <= 0) {
      problems.push(`${position} must look like <caller>=<key>`);
      return;
    }
    const name = entry.slice(0, separator).trim();
    const key = entry.slice(separator + 1).trim();
    if (!isCallerName(name)) {
      problems.push(`${position} names an unknown caller (known: ${CALLER_NAMES.join(', ')})`);
    } else if (keys.has(name)) {
      problems.push(`${position} repeats caller ${name}`);
    } else if (key.length < MIN_CALLER_KEY_LENGTH) {
      problems.push(`the key of ${name} must be at least ${MIN_CALLER_KEY_LENGTH} characters`);
    } else {
      keys.set(name, key);
    }
  });
  if (entries.length === 0) problems.push('must name at least one caller');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
}

/** Checks a presented caller key without leaking, through timing, how much of it was right. */
export interface CallerKeyChecker {
  matches(caller: CallerName, presentedKey: string): boolean;
}

/** Builds a {@link CallerKeyChecker}; comparing SHA-256 digests keeps even the key length from leaking. */
export function createCallerKeyChecker(keys: ReadonlyMap<CallerName, string>): CallerKeyChecker {
  const digests = new Map([...keys].map(([name, key]) => [name, digest(key)] as const));
  // Callers without a key still cost one comparison, so a missing entry looks like a wrong key.
  const unusable = randomBytes(32);
  return {
    matches(caller, presentedKey) {
      const expected = digests.get(caller);
      const same = timingSafeEqual(expected ?? unusable, digest(presentedKey));
      return expected !== undefined && same;
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
