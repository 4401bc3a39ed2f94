import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** Log paths whose values are replaced by `[redacted]` in every record. */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'cookie',
  '*.cookie',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'idToken',
  '*.idToken',
  'id_token',
  '*.id_token',
  'subjectToken',
  '*.subjectToken',
  'subject_token',
  '*.subject_token',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'password',
  '*.password',
  'code',
  '*.code',
  'codeVerifier',
  '*.codeVerifier',
  'code_verifier',
  '*.code_verifier',
  'key',
  '*.key',
  'callerKey',
  '*.callerKey',
];

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Service name, written as `name` on every record. */
  name: string;
  /** pino level; defaults to `info`. */
  level?: string;
  /** Where records go; defaults to stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
}

/** Builds the project's pino logger with redaction of credentials switched on. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** A logger that drops everything, for code paths and tests that need one but not its output. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

export type { Logger };
