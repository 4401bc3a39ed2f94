import { describe, expect, it } from 'vitest';
import { createExchangeCache, exchangeCacheKey } from './exchangeCache.js';

const issued = (expiresAt: number) => ({ accessToken: 'at', expiresAt, scopes: ['notes.read'] });

describe('exchangeCache', () => {
  it('keys by subject token, audience and scope set, never by scope order', () => {
    const key = exchangeCacheKey('token-a', 'nextcloud', ['b', 'a']);
    expect(key).toBe(exchangeCacheKey('token-a', 'nextcloud', ['a', 'b']));
    expect(key).not.toBe(exchangeCacheKey('token-b', 'nextcloud', ['a', 'b']));
    expect(key).not.toBe(exchangeCacheKey('token-a', 'other', ['a', 'b']));
    expect(key).not.toBe(exchangeCacheKey('token-a', 'nextcloud', ['a']));
    expect(key).not.toContain('token-a');
  });

  it('expires an entry at the configured TTL', () => {
    let now = 1_000_000_000_000;
    const cache = createExchangeCache({ ttlSeconds: 60, now: () => now });
    cache.set('k', issued(now / 1000 + 3600), now / 1000 + 3600);
    now += 59_000;
    expect(cache.get('k')).toBeDefined();
    now += 1_000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('drops an entry shortly before the issued token expires', () => {
    let now = 1_000_000_000_000;
    const cache = createExchangeCache({ ttlSeconds: 600, now: () => now });
    cache.set('k', issued(now / 1000 + 30), now / 1000 + 3600);
    now += 19_000;
    expect(cache.get('k')).toBeDefined();
    now += 1_000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('never keeps an entry past the subject token', () => {
    let now = 1_000_000_000_000;
    const cache = createExchangeCache({ ttlSeconds: 600, now: () => now });
    cache.set('k', issued(now / 1000 + 300), now / 1000 + 5);
    now += 5_000;
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not store a token that is already about to expire', () => {
    const now = 1_000_000_000_000;
    const cache = createExchangeCache({ ttlSeconds: 60, now: () => now });
    cache.set('k', issued(now / 1000 + 5), now / 1000 + 3600);
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entries beyond its bound', () => {
    const now = 1_000_000_000_000;
    const cache = createExchangeCache({ ttlSeconds: 60, maxEntries: 2, now: () => now });
    for (const key of ['a', 'b', 'c']) cache.set(key, issued(now / 1000 + 300), now / 1000 + 300);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });
});
