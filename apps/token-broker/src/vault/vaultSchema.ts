import type { ColumnType } from 'kysely';
import type { SealedValue } from './tokenCipher.js';

// PostgreSQL returns BIGINT as a string; SQLite as a number. Rows are read through toMillis().
type Millis = ColumnType<number | string | bigint, number, number>;
type NullableMillis = ColumnType<number | string | bigint | null, number | null, number | null>;

/** Columns every encrypted row carries (see SealedValue); never anything secret in plaintext. */
export interface SealedColumns {
  key_id: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  auth_tag: Uint8Array;
}

/** `vault_grant`: one offline grant per owner; the ciphertext is the refresh token. */
export interface GrantTable extends SealedColumns {
  issuer: string;
  subject: string;
  /** Space-separated, as OAuth writes scopes. */
  scopes: string;
  client_id: string;
  granted_at: Millis;
  updated_at: Millis;
  last_used_at: NullableMillis;
}

/** `vault_pending`: a provisioning request keyed by the SHA-256 of its state; the ciphertext holds verifier and nonce. */
export interface PendingTable extends SealedColumns {
  state_hash: string;
  issuer: string | null;
  subject: string | null;
  browser_binding: string | null;
  client_id: string;
  scopes: string;
  redirect_uri: string;
  created_at: Millis;
  expires_at: Millis;
}

/** The vault's tables, as Kysely sees them. */
export interface VaultDatabase {
  vault_grant: GrantTable;
  vault_pending: PendingTable;
}

/** Reads a stored timestamp whatever the driver returned. */
export function toMillis(value: number | string | bigint): number {
  return Number(value);
}

/** The sealed columns of a row, as the cipher reads them. */
export function sealedOf(row: SealedColumns): SealedValue {
  return { keyId: row.key_id, iv: row.iv, ciphertext: row.ciphertext, authTag: row.auth_tag };
}

/** The columns a SealedValue is written to. */
export function sealedColumns(sealed: SealedValue): SealedColumns {
  return { key_id: sealed.keyId, iv: sealed.iv, ciphertext: sealed.ciphertext, auth_tag: sealed.authTag };
}
