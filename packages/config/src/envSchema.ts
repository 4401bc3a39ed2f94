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

/** Parses `source` with `schema`; empty strings count as unset. Throws {@link ConfigError}. */
export function parseEnv<T extends z.ZodType>(schema: T, source: EnvSource): z.output<T> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.length > 0 ? issue.path.map(String).join('.') : '(environment)',
      message: issue.message,
    })),
  );
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
