import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './encryptionKeys.js';
import { VaultError } from './vaultError.js';

/** A secret as stored: the key id, a fresh 12-byte IV, the AES-256-GCM ciphertext and its tag. */
export interface SealedValue {
  keyId: string;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  authTag: Uint8Array;
}

/** What a sealed value is bound to (the row kind and its owner); a different context fails to open. */
export type SealContext = readonly (string | null)[];

/** AES-256-GCM with a key ring: the first key seals, every configured key opens. */
export interface TokenCipher {
  /** The id of the key new values are sealed under. */
  readonly currentKeyId: string;
  seal(plaintext: string, context: SealContext): SealedValue;
  /** Throws VaultError `vault_misconfigured` for an unknown key id, `vault_corrupt` when authentication fails. */
  open(sealed: SealedValue, context: SealContext): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Versioned, so a future change of the binding cannot be confused with this one.
const AAD_LABEL = 'nc-mcp/vault/v1';

function additionalData(context: SealContext): Buffer {
  // JSON keeps the parts unambiguous (no separator a subject could contain).
  return Buffer.from(JSON.stringify([AAD_LABEL, ...context]), 'utf8');
}

/** Builds the {@link TokenCipher} for a parsed, non-empty key list. */
export function createTokenCipher(keys: readonly EncryptionKey[]): TokenCipher {
  const current = keys[0];
  if (current === undefined) throw new Error('createTokenCipher needs at least one key');
  const byId = new Map(keys.map((key) => [key.id, key] as const));
  return {
    currentKeyId: current.id,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId: current.id, iv, ciphertext, authTag: cipher.getAuthTag() };
    },
    open(sealed, context) {
      const key = byId.get(sealed.keyId);
      if (key === undefined) {
        throw new VaultError(
          'vault_misconfigured',
          `a vault row is encrypted under key id ${sealed.keyId}, which TOKEN_ENCRYPTION_KEYS no longer lists`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(context));
        decipher.setAuthTag(sealed.authTag);
        return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new VaultError(
          'vault_corrupt',
          `a vault row under key id ${sealed.keyId} failed authentication (altered, or moved to another owner)`,
          { cause: error },
        );
      }
    },
  };
}
