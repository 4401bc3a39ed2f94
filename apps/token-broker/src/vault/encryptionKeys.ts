import { createSecretKey, type KeyObject } from 'node:crypto';

/** One AES-256 key of TOKEN_ENCRYPTION_KEYS; the material is a KeyObject so it never prints or logs. */
export interface EncryptionKey {
  /** Stored with every row it encrypts; not secret. */
  id: string;
  key: KeyObject;
}

/** The outcome of {@link parseEncryptionKeys}: the keys (first one encrypts), or problems that never quote a key. */
export type ParsedEncryptionKeys = { ok: true; keys: EncryptionKey[] } | { ok: false; problems: string[] };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_BYTES = 32;

/** What an entry must look like, for problems and for the operator. */
export const ENCRYPTION_KEY_FORMAT = '<id>:<base64 of 32 random bytes> (e.g. from `openssl rand -base64 32`)';

function decodeKey(text: string): Buffer | undefined {
  if (BASE64.test(text)) return Buffer.from(text, 'base64');
  if (BASE64URL.test(text)) return Buffer.from(text, 'base64url');
  return undefined;
}

/**
 * Parses TOKEN_ENCRYPTION_KEYS (`id:base64,id:base64`) without ever repeating a key in a problem:
 * entries are described by position, and a key id is named only once it is known to be a valid id.
 */
export function parseEncryptionKeys(value: string | undefined): ParsedEncryptionKeys {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { ok: false, problems: [`is required: ${ENCRYPTION_KEY_FORMAT}`] };
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    const separator = entry.indexOf(':');
    if (separator < 0) {
      problems.push(`${position} must look like ${ENCRYPTION_KEY_FORMAT}`);
      return;
    }
    const id = entry.slice(0, separator).trim();
    if (!KEY_ID.test(id)) {
      problems.push(`${position} has a key id that is not 1 to 32 of A-Z a-z 0-9 _ -`);
      return;
    }
    const material = decodeKey(entry.slice(separator + 1).trim());
    if (material === undefined || material.length !== KEY_BYTES) {
      problems.push(
        `${position} (key id ${id}) must have base64 of exactly ${KEY_BYTES} bytes after the colon`,
      );
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(`${position} repeats key id ${id} of entry ${first}`);
      return;
    }
    seen.set(id, index + 1);
    keys.push({ id, key: createSecretKey(material) });
    material.fill(0);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
}
