import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A held lock; `release` is safe to call more than once. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Options of {@link createUserLocks}. */
export interface UserLockOptions {
  redis: Redis;
  /** Key prefix (the queue prefix), so test runs do not share locks. */
  prefix: string;
  /** Expiry of a lock whose holder died; renewed at a third of it while held. Default 60000. */
  ttlMs?: number;
}

// Deletes or extends the key only while it still holds our token: an expired lock taken over by
// another worker is never released or extended by the one that lost it.
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** Per-user locks in Redis, so one user is never synced by two workers at once. */
export interface UserLocks {
  /** The lock, or undefined when another worker holds it. */
  tryAcquire(userId: string): Promise<HeldLock | undefined>;
}

/** Creates per-user Redis locks with expiry (SET NX PX, renewed while held). */
export function createUserLocks(options: UserLockOptions): UserLocks {
  const ttlMs = options.ttlMs ?? 60_000;
  const { redis } = options;
  return {
    async tryAcquire(userId) {
      const key = `${options.prefix}:lock:user:${userId}`;
      const token = randomUUID();
      const set = await redis.set(key, token, 'PX', ttlMs, 'NX');
      if (set !== 'OK') return undefined;
      const renew = setInterval(
        () => {
          redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined);
        },
        Math.floor(ttlMs / 3),
      );
      renew.unref();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          clearInterval(renew);
          await redis.eval(RELEASE, 1, key, token);
        },
      };
    },
  };
}
