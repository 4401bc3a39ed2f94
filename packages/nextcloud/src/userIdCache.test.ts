import { describe, expect, it } from 'vitest';
import { createUserIdCache } from './userIdCache.js';

describe('createUserIdCache', () => {
  it('loads once per subject until the TTL runs out', async () => {
    let clock = 0;
    const cache = createUserIdCache(300, () => clock);
    let loads = 0;
    const load = async () => `uid-${++loads}`;
    expect(await cache.get('sub', load)).toBe('uid-1');
    expect(await cache.get('sub', load)).toBe('uid-1');
    clock = 301_000;
    expect(await cache.get('sub', load)).toBe('uid-2');
  });

  it('shares one pending load between concurrent callers and forgets failures', async () => {
    const cache = createUserIdCache(300);
    let loads = 0;
    const failing = async () => {
      loads++;
      throw new Error('down');
    };
    await expect(Promise.all([cache.get('s', failing), cache.get('s', failing)])).rejects.toThrow('down');
    expect(loads).toBe(1);
    expect(await cache.get('s', async () => 'ok')).toBe('ok');
  });
});
