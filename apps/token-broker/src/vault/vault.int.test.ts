import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantOwner, NewGrant, PendingProvisioning, RefreshTokenVault } from './refreshTokenVault.js';
import { testKey, VAULT_BACKENDS, type VaultBackend } from './testing/vaultBackends.js';

const ISSUER = 'https://idp.example.test/realms/nc';
const alice: GrantOwner = { issuer: ISSUER, subject: 'alice' };

function grant(owner: GrantOwner, refreshToken: string, grantedAt = 1_700_000_000_000): NewGrant {
  return { ...owner, refreshToken, scopes: ['notes.read', 'files.read'], clientId: 'claude', grantedAt };
}

function pending(state: string, overrides: Partial<PendingProvisioning> = {}): PendingProvisioning {
  return {
    state,
    owner: alice,
    browserBinding: undefined,
    clientId: 'claude',
    scopes: ['notes.read'],
    codeVerifier: `verifier-${state}-0123456789abcdefghijklmnopqrstuvwxyz`,
    nonce: `nonce-${state}`,
    redirectUri: 'https://mcp.example.test/oauth/callback',
    createdAt: 1_700_000_000_000,
    expiresAt: 1_700_000_600_000,
    ...overrides,
  };
}

describe.each(VAULT_BACKENDS)('the refresh-token vault on $name', ({ create }) => {
  let backend: VaultBackend;
  let vault: RefreshTokenVault;
  let replica: RefreshTokenVault;
  const keys = `${testKey('k1')},${testKey('k0')}`;

  beforeAll(async () => {
    backend = await create();
    vault = await backend.vault(keys).get();
    // A second broker replica over the same storage.
    replica = await backend.vault(keys).get();
  }, 60_000);
  afterAll(() => backend?.dispose(), 60_000);

  it('stores a grant and gives it back decrypted, and nothing for an unknown owner', async () => {
    await vault.saveGrant(grant(alice, 'rt-alice-1'));
    expect(await replica.findGrant(alice)).toEqual({
      ...alice,
      refreshToken: 'rt-alice-1',
      scopes: ['notes.read', 'files.read'],
      clientId: 'claude',
      grantedAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      lastUsedAt: undefined,
    });
    expect(await vault.findGrant({ issuer: ISSUER, subject: 'nobody' })).toBeUndefined();
    expect(await vault.findGrant({ issuer: 'https://other.example.test', subject: 'alice' })).toBeUndefined();
  });

  it('replaces an owner’s grant on a second save and records when it was used', async () => {
    const bob = { issuer: ISSUER, subject: 'bob' };
    await vault.saveGrant(grant(bob, 'rt-bob-1'));
    await vault.markUsed(bob, 1_700_000_000_500);
    expect((await vault.findGrant(bob))?.lastUsedAt).toBe(1_700_000_000_500);
    await vault.saveGrant({
      ...grant(bob, 'rt-bob-2', 1_700_000_001_000),
      scopes: ['files.read'],
      clientId: 'cursor',
    });
    expect(await vault.findGrant(bob)).toMatchObject({
      refreshToken: 'rt-bob-2',
      scopes: ['files.read'],
      clientId: 'cursor',
      grantedAt: 1_700_000_001_000,
      lastUsedAt: undefined,
    });
  });

  it('replaces a refresh token only when the stored one is still the previous one', async () => {
    const carol = { issuer: ISSUER, subject: 'carol' };
    await vault.saveGrant(grant(carol, 'rt-carol-1'));
    expect(await vault.replaceRefreshToken(carol, 'rt-carol-stale', 'rt-carol-x', 1_700_000_002_000)).toBe(
      false,
    );
    expect((await vault.findGrant(carol))?.refreshToken).toBe('rt-carol-1');
    expect(await vault.replaceRefreshToken(carol, 'rt-carol-1', 'rt-carol-2', 1_700_000_002_000)).toBe(true);
    expect(await vault.findGrant(carol)).toMatchObject({
      refreshToken: 'rt-carol-2',
      updatedAt: 1_700_000_002_000,
    });
    expect(await vault.replaceRefreshToken(carol, 'rt-carol-1', 'rt-carol-3', 1_700_000_003_000)).toBe(false);
    expect(await vault.replaceRefreshToken({ issuer: ISSUER, subject: 'ghost' }, 'a', 'b', 1)).toBe(false);
  });

  it('lets exactly one of two replicas win a concurrent replacement of the same token', async () => {
    const dave = { issuer: ISSUER, subject: 'dave' };
    for (let round = 0; round < 10; round += 1) {
      await vault.saveGrant(grant(dave, `rt-dave-${round}`));
      const results = await Promise.all([
        vault.replaceRefreshToken(dave, `rt-dave-${round}`, `rt-dave-${round}-a`, 1),
        replica.replaceRefreshToken(dave, `rt-dave-${round}`, `rt-dave-${round}-b`, 2),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'a' : 'b';
      expect((await vault.findGrant(dave))?.refreshToken).toBe(`rt-dave-${round}-${winner}`);
    }
  });

  it('deletes a grant once', async () => {
    const erin = { issuer: ISSUER, subject: 'erin' };
    await vault.saveGrant(grant(erin, 'rt-erin'));
    expect(await vault.deleteGrant(erin)).toBe(true);
    expect(await vault.findGrant(erin)).toBeUndefined();
    expect(await replica.deleteGrant(erin)).toBe(false);
  });

  it('lists grant owners by issuer then subject, page by page', async () => {
    const issuers = ['https://p1.example.test', 'https://p2.example.test'];
    const owners = issuers.flatMap((issuer) =>
      ['u03', 'u01', 'u02', 'u04'].map((subject) => ({ issuer, subject })),
    );
    for (const owner of owners) await vault.saveGrant(grant(owner, `rt-${owner.subject}`));
    const listed: GrantOwner[] = [];
    let after: GrantOwner | undefined;
    for (let page = 0; page < 10; page += 1) {
      const rows = await vault.listGrantOwners({ limit: 3, ...(after ? { after } : {}) });
      listed.push(...rows);
      if (rows.length < 3) break;
      after = rows.at(-1);
    }
    const mine = listed.filter((owner) => issuers.includes(owner.issuer));
    expect(mine).toEqual(
      issuers.flatMap((issuer) => ['u01', 'u02', 'u03', 'u04'].map((subject) => ({ issuer, subject }))),
    );
    expect(listed).toEqual(
      [...listed].sort((a, b) => (a.issuer + a.subject < b.issuer + b.subject ? -1 : 1)),
    );
    expect(
      await vault.listGrantOwners({ after: { issuer: 'https://p2.example.test', subject: 'u04' }, limit: 5 }),
    ).toEqual([]);
  });

  it('gives a pending request back once, bound to a user or to a browser, even after it expired', async () => {
    const forUser = pending('state-user');
    const forBrowser = pending('state-browser', { owner: undefined, browserBinding: 'ab'.repeat(32) });
    await vault.savePending(forUser);
    await vault.savePending(forBrowser);
    expect(await replica.takePending('state-user')).toEqual(forUser);
    expect(await vault.takePending('state-user')).toBeUndefined();
    expect(await vault.takePending('state-browser')).toEqual(forBrowser);
    expect(await vault.takePending('never-saved')).toBeUndefined();

    const expired = pending('state-expired', { expiresAt: 1 });
    await vault.savePending(expired);
    expect(await vault.takePending('state-expired')).toEqual(expired);
  });

  it('gives each pending request to exactly one of many concurrent takes across replicas', async () => {
    const states = Array.from({ length: 20 }, (_, index) => `race-${index}`);
    for (const state of states) await vault.savePending(pending(state));
    const taken = await Promise.all(
      states.flatMap((state) => [
        vault.takePending(state),
        replica.takePending(state),
        vault.takePending(state),
      ]),
    );
    for (const [index, state] of states.entries()) {
      const winners = taken.slice(index * 3, index * 3 + 3).filter((request) => request !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]?.state).toBe(state);
    }
  });

  it('purges expired pending requests and keeps the others', async () => {
    await vault.purgeExpiredPending(Number.MAX_SAFE_INTEGER);
    await vault.savePending(pending('old-1', { expiresAt: 1_000 }));
    await vault.savePending(pending('old-2', { expiresAt: 2_000 }));
    await vault.savePending(pending('fresh', { expiresAt: 10_000 }));
    expect(await vault.purgeExpiredPending(2_000)).toBe(2);
    expect(await vault.takePending('old-1')).toBeUndefined();
    expect(await vault.takePending('fresh')).toMatchObject({ state: 'fresh' });
  });
});
