import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKeys } from './encryptionKeys.js';

const material = () => randomBytes(32);

describe('parseEncryptionKeys', () => {
  it('reads id:base64 entries in order, the first one encrypting, in base64 or base64url', () => {
    const [a, b] = [material(), material()];
    const parsed = parseEncryptionKeys(
      ` new-2026:${a.toString('base64')} , old_1:${b.toString('base64url')},`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.keys.map((key) => key.id)).toEqual(['new-2026', 'old_1']);
    expect(parsed.keys[0]?.key.export().equals(a)).toBe(true);
    expect(parsed.keys[1]?.key.export().equals(b)).toBe(true);
    expect(parsed.keys[0]?.key.symmetricKeySize).toBe(32);
  });

  it('keeps key material out of inspection and JSON', () => {
    const text = material().toString('base64');
    const parsed = parseEncryptionKeys(`k1:${text}`);
    if (!parsed.ok) throw new Error('expected keys');
    expect(inspect(parsed.keys, { depth: 5 })).not.toContain(text);
    expect(JSON.stringify(parsed.keys)).not.toContain(text);
  });

  it('reports every problem by position and never repeats any part of a key', () => {
    const keys = Array.from({ length: 6 }, () => material().toString('base64'));
    const value = [
      keys[0], // no id
      `bad id:${keys[1]}`,
      `a-very-long-key-id-that-is-more-than-32:${keys[2]}`,
      `short:${keys[3]?.slice(0, 30)}`,
      `k1:${keys[4]}`,
      `k1:${keys[5]}`,
      'k3:not base64!!',
    ].join(',');
    const parsed = parseEncryptionKeys(value);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      expect.stringMatching(/^entry 1 must look like <id>:<base64/),
      'entry 2 has a key id that is not 1 to 32 of A-Z a-z 0-9 _ -',
      'entry 3 has a key id that is not 1 to 32 of A-Z a-z 0-9 _ -',
      'entry 4 (key id short) must have base64 of exactly 32 bytes after the colon',
      'entry 6 repeats key id k1 of entry 5',
      'entry 7 (key id k3) must have base64 of exactly 32 bytes after the colon',
    ]);
    const text = parsed.problems.join('\n');
    for (const key of keys) {
      for (let start = 0; start + 8 <= (key?.length ?? 0); start += 4) {
        expect(text).not.toContain(key?.slice(start, start + 8));
      }
    }
  });

  it('requires at least one key', () => {
    for (const value of [undefined, '', ' , ']) {
      const parsed = parseEncryptionKeys(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problems).toEqual([expect.stringMatching(/^is required: <id>:<base64/)]);
    }
  });
});
