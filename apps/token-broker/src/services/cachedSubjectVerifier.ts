import { createHash } from 'node:crypto';
import type { SubjectVerifier, VerifiedSubjectToken } from './subjectVerifier.js';

/** Options for {@link cachedSubjectVerifier}. */
export interface SubjectVerificationCacheOptions {
  /** How long a verification is reused at most; default 60 s (never past the token's own `exp`). */
  maxAgeSeconds?: number;
  /** Oldest entries are evicted past this many; default 10 000. */
  maxEntries?: number;
  /** Unix milliseconds; injectable for tests. */
  now?: () => number;
}

/**
 * Remembers successful subject-token verifications for a short while. An MCP client presents the
 * same token on every tool call, and each RS256 check costs a WebCrypto round trip on the hot path.
 * Keyed by a hash of the whole token (never the token itself); failures are never cached.
 */
export function cachedSubjectVerifier(
  inner: SubjectVerifier,
  options: SubjectVerificationCacheOptions = {},
): SubjectVerifier {
  const maxAgeMs = (options.maxAgeSeconds ?? 60) * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first key is always the oldest entry.
  const entries = new Map<string, { value: VerifiedSubjectToken; validUntilMs: number }>();

  return {
    async verify(subjectToken) {
      const key = createHash('sha256').update(subjectToken, 'utf8').digest('base64url');
      const hit = entries.get(key);
      if (hit && hit.validUntilMs > now()) return hit.value;
      if (hit) entries.delete(key);
      const value = await inner.verify(subjectToken);
      const validUntilMs = Math.min(now() + maxAgeMs, value.expiresAt * 1000);
      if (validUntilMs > now()) {
        entries.set(key, { value, validUntilMs });
        if (entries.size > maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
      }
      return value;
    },
  };
}
