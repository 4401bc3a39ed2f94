/** Nextcloud user ids per token subject, so DAV paths do not cost a `cloud/user` call each. */
export interface UserIdCache {
  /** The cached id, or the result of `load` (shared by concurrent callers of the same subject). */
  get(subject: string, load: () => Promise<string>): Promise<string>;
  set(subject: string, userId: string): void;
}

interface Entry {
  expiresAt: number;
  userId: Promise<string>;
}

// Enough for every active user of one process; the oldest entry goes first when full.
const MAX_ENTRIES = 10_000;

/** Creates an in-memory TTL cache; failed loads are not cached, so the next call asks again. */
export function createUserIdCache(ttlSeconds: number, now: () => number = Date.now): UserIdCache {
  const entries = new Map<string, Entry>();

  function store(subject: string, userId: Promise<string>): void {
    entries.delete(subject);
    if (entries.size >= MAX_ENTRIES) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(subject, { userId, expiresAt: now() + ttlSeconds * 1000 });
  }

  return {
    get(subject, load) {
      const entry = entries.get(subject);
      if (entry && entry.expiresAt > now()) return entry.userId;
      const pending = load();
      store(subject, pending);
      pending.catch(() => {
        if (entries.get(subject)?.userId === pending) entries.delete(subject);
      });
      return pending;
    },
    set(subject, userId) {
      store(subject, Promise.resolve(userId));
    },
  };
}
