import { describe, expect, it } from 'vitest';
import { cachedSubjectVerifier } from './cachedSubjectVerifier.js';
import type { SubjectVerifier, VerifiedSubjectToken } from './subjectVerifier.js';

function counting(result: (token: string) => VerifiedSubjectToken | Error) {
  const calls: string[] = [];
  const inner: SubjectVerifier = {
    async verify(token) {
      calls.push(token);
      const outcome = result(token);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return { inner, calls };
}

const nowMs = 1_800_000_000_000;
const verified = (expiresAt = nowMs / 1000 + 3600): VerifiedSubjectToken => ({
  subject: 'alice',
  clientId: 'nc-mcp-demo',
  expiresAt,
});

describe('cachedSubjectVerifier', () => {
  it('verifies a token once and reuses the result within the max age', async () => {
    let now = nowMs;
    const { inner, calls } = counting(() => verified());
    const verifier = cachedSubjectVerifier(inner, { maxAgeSeconds: 60, now: () => now });
    await verifier.verify('token-a');
    now += 59_000;
    await expect(verifier.verify('token-a')).resolves.toEqual(verified());
    expect(calls).toEqual(['token-a']);
    now += 2_000;
    await verifier.verify('token-a');
    expect(calls).toEqual(['token-a', 'token-a']);
  });

  it('never shares a result between two tokens', async () => {
    const { inner, calls } = counting((token) => ({ ...verified(), subject: token }));
    const verifier = cachedSubjectVerifier(inner, { now: () => nowMs });
    expect((await verifier.verify('alice-token')).subject).toBe('alice-token');
    expect((await verifier.verify('bob-token')).subject).toBe('bob-token');
    expect(calls).toHaveLength(2);
  });

  it('never reuses a verification past the token’s own expiry', async () => {
    let now = nowMs;
    const { inner, calls } = counting(() => verified(nowMs / 1000 + 5));
    const verifier = cachedSubjectVerifier(inner, { maxAgeSeconds: 60, now: () => now });
    await verifier.verify('short-lived');
    now += 6_000;
    await verifier.verify('short-lived');
    expect(calls).toHaveLength(2);
  });

  it('does not cache failures', async () => {
    const { inner, calls } = counting(() => new Error('bad token'));
    const verifier = cachedSubjectVerifier(inner, { now: () => nowMs });
    await expect(verifier.verify('bad')).rejects.toThrow('bad token');
    await expect(verifier.verify('bad')).rejects.toThrow('bad token');
    expect(calls).toHaveLength(2);
  });

  it('evicts the oldest entry past its size bound', async () => {
    const { inner, calls } = counting(() => verified());
    const verifier = cachedSubjectVerifier(inner, { maxEntries: 2, now: () => nowMs });
    for (const token of ['t1', 't2', 't3', 't1']) await verifier.verify(token);
    expect(calls).toEqual(['t1', 't2', 't3', 't1']);
  });
});
