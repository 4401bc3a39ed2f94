import { createHash } from 'node:crypto';

/** An issued token as cached: what the RPC answers, with its absolute expiry. */
export interface CachedExchange {
  accessToken: string;
  /** Unix seconds. */
  expiresAt: number;
  scopes: string[];
}

/** Short-lived memory of exchanges, keyed by subject token, audience and scope set. */
export interface ExchangeCache {
  get(key: string): CachedExchange | undefined;
  /** Stores `value` until the earliest of the configured TTL, shortly before it expires, and `notAfter`. */
  set(key: string, value: CachedExchange, notAfter: number): void;
  readonly size: number;
}

/** Options for {@link createExchangeCache}. */
export interface ExchangeCacheOptions {
  ttlSeconds: number;
  /** Oldest entries are evicted past this many; default 10 000. */
  maxEntries?: number;
  /** An entry is dropped this many seconds before the issued token expires; default 10. */
  expiryMarginSeconds?: number;
  /** Unix milliseconds; injectable for tests. */
  now?: () => number;
}

/**
 * The cache key. The subject token is hashed (the cache never holds it) and is part of the key, so two
 * users, or one user's two sessions, never share an entry; scopes are sorted so order does not matter.
 */
export function exchangeCacheKey(subjectToken: string, audience: string, scopes: readonly string[]): string {
  const digest = createHash('sha256').update(subjectToken, 'utf8').digest('base64url');
  return `${digest}\n${audience}\n${[...new Set(scopes)].sort().join(' ')}`;
}

/** Builds an in-memory cache bounded in size and age. */
export function createExchangeCache(options: ExchangeCacheOptions): ExchangeCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const marginSeconds = options.expiryMarginSeconds ?? 10;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first key is always the oldest entry.
  const entries = new Map<string, { value: CachedExchange; expiresAtMs: number }>();

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAtMs <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, notAfter) {
      const expiresAtMs = Math.min(
        now() + options.ttlSeconds * 1000,
        (value.expiresAt - marginSeconds) * 1000,
        notAfter * 1000,
      );
      if (expiresAtMs <= now()) return;
      entries.delete(key);
      entries.set(key, { value, expiresAtMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
