import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../testing/workerHarness.js';
import { createUserLocks } from './userLock.js';

describe('per-user locks', () => {
  const prefix = `ncmcp-test-lock-${randomBytes(4).toString('hex')}`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets one holder in per user and frees the lock on release', async () => {
    const locks = createUserLocks({ redis, prefix });
    const held = await locks.tryAcquire('alice');
    expect(held).toBeDefined();
    expect(await locks.tryAcquire('alice')).toBeUndefined();
    expect(await locks.tryAcquire('bob')).toBeDefined();
    await held?.release();
    expect(await locks.tryAcquire('alice')).toBeDefined();
  });

  it('expires a dead holder’s lock, and the old holder cannot release the new one', async () => {
    const locks = createUserLocks({ redis, prefix, ttlMs: 300 });
    const stale = await locks.tryAcquire('carol');
    expect(stale).toBeDefined();
    // A holder that died: its renewal stops, the key expires.
    await redis.del(`${prefix}:lock:user:carol`);
    const fresh = await locks.tryAcquire('carol');
    expect(fresh).toBeDefined();
    await stale?.release();
    expect(await locks.tryAcquire('carol')).toBeUndefined();
    await fresh?.release();
  });
});
