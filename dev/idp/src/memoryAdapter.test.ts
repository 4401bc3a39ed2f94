import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from './memoryAdapter.js';

describe('createMemoryAdapter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('finds what was stored until it expires', async () => {
    vi.useFakeTimers();
    const tokens = createMemoryAdapter()('AccessToken');
    await tokens.upsert('t1', { jti: 't1' }, 60);
    expect(await tokens.find('t1')).toEqual({ jti: 't1' });
    vi.advanceTimersByTime(61_000);
    expect(await tokens.find('t1')).toBeUndefined();
  });

  it('keeps models apart and IdP instances apart', async () => {
    const factory = createMemoryAdapter();
    await factory('AccessToken').upsert('same', { jti: 'a' });
    expect(await factory('RefreshToken').find('same')).toBeUndefined();
    expect(await createMemoryAdapter()('AccessToken').find('same')).toBeUndefined();
  });

  it('revokes every token issued under a grant', async () => {
    const factory = createMemoryAdapter();
    await factory('AccessToken').upsert('at', { grantId: 'g1' }, 60);
    await factory('RefreshToken').upsert('rt', { grantId: 'g1' }, 60);
    await factory('AccessToken').upsert('other', { grantId: 'g2' }, 60);
    await factory('Grant').revokeByGrantId('g1');
    expect(await factory('AccessToken').find('at')).toBeUndefined();
    expect(await factory('RefreshToken').find('rt')).toBeUndefined();
    expect(await factory('AccessToken').find('other')).toEqual({ grantId: 'g2' });
  });

  it('finds sessions by uid and marks consumed entries', async () => {
    const factory = createMemoryAdapter();
    await factory('Session').upsert('s1', { uid: 'u1' }, 60);
    expect(await factory('Session').findByUid('u1')).toEqual({ uid: 'u1' });
    await factory('AuthorizationCode').upsert('c1', {}, 60);
    await factory('AuthorizationCode').consume('c1');
    expect((await factory('AuthorizationCode').find('c1'))?.consumed).toEqual(expect.any(Number));
    await factory('AuthorizationCode').destroy('c1');
    expect(await factory('AuthorizationCode').find('c1')).toBeUndefined();
  });
});
