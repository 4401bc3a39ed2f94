import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKeys } from './encryptionKeys.js';
import { createTokenCipher } from './tokenCipher.js';
import { VaultError } from './vaultError.js';

function keyRing(...ids: string[]) {
  const parsed = parseEncryptionKeys(
    ids.map((id) => `${id}:${randomBytes(32).toString('base64')}`).join(','),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.keys;
}

function failure(action: () => unknown): VaultError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected a VaultError');
}

const context = ['grant', 'https://idp.test', 'alice'] as const;

describe('the token cipher', () => {
  it('seals under the first key with a fresh 12-byte IV and 16-byte tag, and opens what it sealed', () => {
    const cipher = createTokenCipher(keyRing('new', 'old'));
    const first = cipher.seal('refresh-token', context);
    const second = cipher.seal('refresh-token', context);
    expect(first.keyId).toBe('new');
    expect(first.iv).toHaveLength(12);
    expect(first.authTag).toHaveLength(16);
    expect(Buffer.from(first.iv).equals(Buffer.from(second.iv))).toBe(false);
    expect(cipher.open(first, context)).toBe('refresh-token');
  });

  it('opens values sealed under any configured key', () => {
    const [current, old] = keyRing('new', 'old');
    const sealedByOld = createTokenCipher([old!]).seal('t', context);
    expect(createTokenCipher([current!, old!]).open(sealedByOld, context)).toBe('t');
  });

  it('refuses a value bound to another owner or kind, or altered, as corrupt', () => {
    const cipher = createTokenCipher(keyRing('k1'));
    const sealed = cipher.seal('secret-token', context);
    for (const other of [
      ['grant', 'https://idp.test', 'mallory'],
      ['pending', 'https://idp.test', 'alice'],
      ['grant', 'https://other.test', 'alice'],
    ]) {
      const error = failure(() => cipher.open(sealed, other));
      expect(error.code).toBe('vault_corrupt');
      expect(error.message).not.toContain('secret-token');
    }
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(failure(() => cipher.open({ ...sealed, ciphertext: flipped }, context)).code).toBe(
      'vault_corrupt',
    );
  });

  it('names the key id that is no longer configured', () => {
    const sealed = createTokenCipher(keyRing('gone')).seal('t', context);
    const error = failure(() => createTokenCipher(keyRing('k1')).open(sealed, context));
    expect(error.code).toBe('vault_misconfigured');
    expect(error.message).toContain('key id gone');
    expect(error.message).toContain('TOKEN_ENCRYPTION_KEYS');
  });
});
