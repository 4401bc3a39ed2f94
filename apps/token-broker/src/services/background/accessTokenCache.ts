/** A cached background access token; `expiresAt` in unix seconds. */
export interface CachedAccessToken {
  accessToken: string;
  expiresAt: number;
  scopes: string[];
}

/** Served only while at least this long remains, so a job never starts with a token about to expire. */
const MIN_REMAINING_SECONDS = 60;
/** Bounds memory: the oldest entry goes first beyond this. */
const MAX_ENTRIES = 10_000;

/** Background access tokens per user and requested scope set. */
export interface AccessTokenCache {
  get(subject: string, scopes: readonly string[]): CachedAccessToken | undefined;
  set(subject: string, scopes: readonly string[], token: CachedAccessToken): void;
}

/** Builds an in-memory cache; `now` in unix milliseconds. */
export function createAccessTokenCache(options: { now: () => number }): AccessTokenCache {
  const entries = new Map<string, CachedAccessToken>();
  const keyOf = (subject: string, scopes: readonly string[]) =>
    `${subject}\u0000${[...new Set(scopes)].sort().join(' ')}`;
  return {
    get(subject, scopes) {
      const key = keyOf(subject, scopes);
      const token = entries.get(key);
      if (!token) return undefined;
      if (token.expiresAt - MIN_REMAINING_SECONDS <= options.now() / 1000) {
        entries.delete(key);
        return undefined;
      }
      return token;
    },
    set(subject, scopes, token) {
      const key = keyOf(subject, scopes);
      entries.delete(key);
      entries.set(key, token);
      if (entries.size > MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
