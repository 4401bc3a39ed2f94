/** Why the vault failed; callers switch on this, never on messages. */
export type VaultErrorCode =
  /** Missing or malformed keys, a row under an unknown key id, a bad DATABASE_URL or data directory: an operator must act. */
  | 'vault_misconfigured'
  /** The database is unreachable or busy: retryable. */
  | 'vault_unavailable'
  /** A row failed authentication (altered, or copied to another owner). */
  | 'vault_corrupt';

/** A typed vault failure; the message names the variable to fix and never contains a key or a token. */
export class VaultError extends Error {
  readonly code: VaultErrorCode;
  readonly retryable: boolean;
  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
    this.retryable = code === 'vault_unavailable';
  }
}

// Node socket errors, SQLite busy/locked, and PostgreSQL classes 08 (connection), 53 (resources) and
// 57P0x (shutdown, cannot connect now): the next attempt may succeed.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  '57P01',
  '57P02',
  '57P03',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || /^(08|53)/.test(code))) return true;
  // pg reports a connect timeout and a pool that ended without a code.
  const message = error instanceof Error ? error.message : '';
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(message)) return true;
  return error instanceof AggregateError && error.errors.some(isUnavailable);
}

/**
 * Turns a storage driver's error into a VaultError where it is one we understand (unreachable,
 * busy, unwritable); anything else is a bug and goes through unchanged.
 */
export function toVaultError(error: unknown, backend: 'sqlite' | 'postgres'): unknown {
  if (error instanceof VaultError) return error;
  if (isUnavailable(error)) {
    const where =
      backend === 'postgres' ? 'the PostgreSQL server in DATABASE_URL' : 'the SQLite file in BROKER_DATA_DIR';
    return new VaultError('vault_unavailable', `the refresh-token vault cannot reach ${where}`, {
      cause: error,
    });
  }
  const code = errorCode(error);
  if (backend === 'sqlite' && (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY')) {
    return new VaultError('vault_misconfigured', 'BROKER_DATA_DIR is not writable for the vault file', {
      cause: error,
    });
  }
  if (backend === 'sqlite' && (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')) {
    return new VaultError(
      'vault_corrupt',
      'the vault file in BROKER_DATA_DIR is not a readable SQLite database',
      {
        cause: error,
      },
    );
  }
  if (backend === 'postgres' && (code === '28P01' || code === '28000' || code === '3D000')) {
    return new VaultError(
      'vault_misconfigured',
      'DATABASE_URL is refused by the PostgreSQL server (credentials or database name)',
      { cause: error },
    );
  }
  return error;
}
