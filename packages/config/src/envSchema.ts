import { z } from 'zod';

/** One problem found in the environment, named by its variable. */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** Thrown by {@link parseEnv}: every offending variable is named, none of their values is shown. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly retryable = false;
  constructor(readonly issues: readonly EnvIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Raw environment: `process.env` or a plain object in tests. */
export type EnvSource = Record<string, string | undefined>;

/** The environment as the schema saw it: set variables only (empty strings dropped), raw strings. */
export type RawEnv = Readonly<Record<string, string>>;

/**
 * Cross-field rules of one service, run on the raw variables. They run even when single fields fail
 * to parse (zod skips an object's refinements then), so one start reports every problem at once.
 */
export type CrossFieldRules = (raw: RawEnv) => readonly EnvIssue[];

/**
 * Parses `source` with `schema`, then applies `crossField`; empty strings count as unset. Throws
 * {@link ConfigError} with the field issues and the cross-field issues together.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  source: EnvSource,
  crossField?: CrossFieldRules,
): z.output<T> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  const issues: EnvIssue[] = result.success
    ? []
    : result.error.issues.map((issue) => ({
        variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)',
        message: issue.message,
      }));
  for (const issue of crossField?.(cleaned) ?? []) {
    if (!issues.some((known) => known.variable === issue.variable && known.message === issue.message)) {
      issues.push(issue);
    }
  }
  // A failed parse always carries at least one issue, so `issues` is never empty here when it failed.
  if (!result.success || issues.length > 0) throw new ConfigError(issues);
  return result.data;
}

/** Reads a raw boolean variable the way {@link envBoolean} does; `undefined` when unset or malformed. */
export function rawBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/**
 * Issues for a group of variables that must be set all together or not at all: each missing one is
 * named. Returns no issue when none or all are set.
 */
export function allOrNone(raw: RawEnv, names: readonly string[], message?: string): EnvIssue[] {
  const set = names.filter((name) => raw[name] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  const text = message ?? `is required when ${set.join(' or ')} is set (${names.join(', ')}: all or none)`;
  return names.filter((name) => raw[name] === undefined).map((variable) => ({ variable, message: text }));
}

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

/** A boolean variable: accepts `true/false/1/0` (any case), anything else is an error. */
export function envBoolean(defaultValue: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return defaultValue;
      const v = value.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be one of true, false, 1, 0' });
      return z.NEVER;
    });
}

/** A TCP port (0 lets the OS choose). */
export function envPort(defaultValue: number) {
  return z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(defaultValue);
}

/** A whole number of seconds (or other unit named by the variable) with bounds. */
export function envInteger(defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(defaultValue);
}

/** An absolute http(s) URL, returned without a trailing slash. */
export function envUrl() {
  return envString()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));
}

/** A string variable; a missing one is reported as "is required". */
export function envString() {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
}

/** A comma-separated list of non-empty strings. */
export function envList(defaultValue: readonly string[] = []) {
  return z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? [...defaultValue]
        : value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== ''),
    );
}

/** pino log levels. */
export const envLogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** An optional `postgres://` / `postgresql://` URL (`DATABASE_URL`), trimmed. */
export function envPostgresUrl() {
  return z
    .string()
    .optional()
    .refine(
      (value) => value === undefined || /^postgres(ql)?:\/\//i.test(value.trim()),
      'must be a postgres:// or postgresql:// URL',
    )
    .transform((value) => value?.trim());
}

/** A `redis://` / `rediss://` URL (`REDIS_URL`), trimmed, with a default. */
export function envRedisUrl(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .refine((value) => /^rediss?:\/\/\S+$/i.test(value.trim()), 'must be a redis:// or rediss:// URL')
    .transform((value) => value.trim());
}

/** The Redis key prefix of the background queue (`QUEUE_PREFIX`), the same on every service. */
export function envQueuePrefix() {
  return z
    .string()
    .default('ncmcp')
    .refine((value) => /^[A-Za-z0-9_-]{1,64}$/.test(value), 'must be 1–64 characters of [A-Za-z0-9_-]');
}
