import type { ValueMap } from './valueMap.js';

/** How to compare one body. */
export interface JsonCompareOptions {
  readonly ids: ValueMap;
  /** The recorded server's base URL and the double's, swapped in recorded strings. */
  readonly recordedBase: string;
  readonly actualBase: string;
  /** Paths (dot-joined) where the double may return a subset of the recorded keys, and which keys it must keep. */
  readonly subsets?: Readonly<Record<string, readonly string[]>>;
  /** Check note ids / etags through the id map (Notes API bodies). */
  readonly notes?: boolean;
  /** Check share ids, tokens and file ids through the id map, and apply it to recorded strings (share URLs). */
  readonly shares?: boolean;
}

// files_sharing keys holding database sequence values (share ids, file ids) or random tokens.
const SHARE_ID_KEYS = new Set(['id', 'token', 'item_source', 'file_source', 'file_parent']);

// Values that depend on when and in what order things ran, never on behaviour.
const VOLATILE_KEYS = new Set(['cacheBuster', 'used']);

/** Unix timestamps (s or ms) from the recording's clock (Nov 2026) are volatile; explicit ones (2023) are not. */
function isRecordingTime(value: unknown): boolean {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number') return false;
  return (
    (number > 1_795_000_000 && number < 1_796_000_000) ||
    (number > 1_795_000_000_000 && number < 1_796_000_000_000)
  );
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Structural comparison: same shape and keys, equal values except volatile ones; ids checked for consistency. */
export function compareJson(
  recorded: unknown,
  actual: unknown,
  options: JsonCompareOptions,
  problems: string[],
  path = '',
): void {
  const where = path || '(root)';
  if (kindOf(recorded) !== kindOf(actual)) {
    problems.push(
      `${where}: expected ${kindOf(recorded)}, got ${kindOf(actual)} (${JSON.stringify(actual)?.slice(0, 120)})`,
    );
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    if (recorded.length !== actual.length) {
      problems.push(`${where}: expected ${recorded.length} items, got ${actual.length}`);
      return;
    }
    recorded.forEach((item, index) => {
      compareJson(item, actual[index], options, problems, `${path}[${index}]`);
    });
    return;
  }
  if (typeof recorded === 'object' && recorded !== null) {
    const expected = recorded as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const subset = options.subsets?.[path];
    for (const key of Object.keys(got)) {
      if (!(key in expected)) problems.push(`${path}.${key}: not in the recording`);
    }
    for (const key of Object.keys(expected)) {
      if (key in got) compareJson(expected[key], got[key], options, problems, path ? `${path}.${key}` : key);
      else if (!subset || subset.includes(key)) problems.push(`${path}.${key}: missing`);
    }
    return;
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (options.notes && key === 'id' && typeof recorded === 'number') {
    options.ids.expectSame(`${where} (note id)`, String(recorded), String(actual), problems);
    return;
  }
  if (options.notes && key === 'etag' && typeof recorded === 'string') {
    options.ids.expectSame(`${where} (note etag)`, recorded, String(actual), problems);
    return;
  }
  if (options.shares && SHARE_ID_KEYS.has(key) && recorded !== null) {
    options.ids.expectSame(`${where} (share value)`, String(recorded), String(actual), problems);
    return;
  }
  // The numeric storage id is a database sequence, like file ids, but never used in a request.
  if (options.shares && key === 'storage') return;
  if (VOLATILE_KEYS.has(key) || isRecordingTime(recorded)) return;
  const mapped = typeof recorded === 'string' && options.shares ? options.ids.apply(recorded) : recorded;
  const wanted =
    typeof mapped === 'string' ? mapped.replaceAll(options.recordedBase, options.actualBase) : mapped;
  if (wanted !== actual)
    problems.push(`${where}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
}
