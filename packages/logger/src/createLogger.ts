import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

// Each secret under its own exact names, at the top level and one level down (`req.headers` is two).
// Generic names such as `code` or `key` are NOT here: they carry diagnostics (`err.code`, a cache key),
// so an OAuth authorization code is logged, if ever, only as `authorizationCode` / `authorization_code`.
const SECRET_NAMES = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'subjectToken',
  'subject_token',
  'actorToken',
  'actor_token',
  'bearerToken',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'appPassword',
  'app_password',
  'authorizationCode',
  'authorization_code',
  'codeVerifier',
  'code_verifier',
  'callerKey',
  'caller_key',
  'callerKeys',
  'privateKey',
  'private_key',
];

// Header spellings (HTTP and gRPC metadata) that carry credentials.
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-broker-key'];

/** Log paths whose values are replaced by `[redacted]` in every record: exact secret names only. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_NAMES.flatMap((name) => [name, `*.${name}`]),
  ...SECRET_HEADERS.flatMap((name) => [
    `headers["${name}"]`,
    `*.headers["${name}"]`,
    `metadata["${name}"]`,
    `*.metadata["${name}"]`,
  ]),
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
