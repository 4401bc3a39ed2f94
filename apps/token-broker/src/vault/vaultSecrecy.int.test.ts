import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stateHash } from './pendingRows.js';
import type { GrantOwner, PendingProvisioning } from './refreshTokenVault.js';
import { testKey, VAULT_BACKENDS, type VaultBackend } from './testing/vaultBackends.js';
import { VaultError } from './vaultError.js';

const ISSUER = 'https://idp.example.test/realms/nc';
const alice: GrantOwner = { issuer: ISSUER, subject: 'alice' };
const REFRESH_TOKEN = 'RT-RECOGNISABLE-7f3a9c1e-do-not-store-in-plaintext';
const VERIFIER = 'PKCE-VERIFIER-RECOGNISABLE-0b5d2e8f4a6c-not-in-plaintext';
const STATE = 'STATE-RECOGNISABLE-91c4e7a2';
const CLIENT_ID = 'client-id-stored-in-plaintext-on-purpose';

function pending(state: string, overrides: Partial<PendingProvisioning> = {}): PendingProvisioning {
  return {
    state,
    owner: alice,
    browserBinding: undefined,
    clientId: CLIENT_ID,
    scopes: ['notes.read'],
    codeVerifier: VERIFIER,
    nonce: 'nonce-1',
    redirectUri: 'https://mcp.example.test/oauth/callback',
    createdAt: 1,
    expiresAt: 2,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe.each(VAULT_BACKENDS)('what the vault on $name keeps secret', ({ create }) => {
  let backend: VaultBackend;
  const key = testKey('k1');

  beforeEach(async () => {
    backend = await create();
  }, 60_000);
  afterEach(async () => {
    expect(backend.logs()).not.toContain(REFRESH_TOKEN);
    expect(backend.logs()).not.toContain(VERIFIER);
    expect(backend.logs()).not.toContain(key.split(':')[1]);
    await backend.dispose();
  }, 60_000);

  it('stores no refresh token, verifier or state in plaintext, only the state’s SHA-256', async () => {
    const vault = await backend.vault(key).get();
    await vault.saveGrant({
      ...alice,
      refreshToken: REFRESH_TOKEN,
      scopes: ['notes.read'],
      clientId: CLIENT_ID,
      grantedAt: 1,
    });
    await vault.savePending(pending(STATE));
    const stored = await backend.storedBytes();
    // The check can fail: a non-secret column is found in the same bytes.
    expect(stored.includes(CLIENT_ID)).toBe(true);
    for (const secret of [REFRESH_TOKEN, VERIFIER, STATE]) {
      expect(stored.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(stored.includes(Buffer.from(secret, 'utf8').toString('hex'))).toBe(false);
    }
    expect(await backend.stateHashes()).toEqual([stateHash(STATE)]);
    expect((await vault.findGrant(alice))?.refreshToken).toBe(REFRESH_TOKEN);
  });

  it('refuses a grant copied to another user’s subject, and a pending request rebound to another browser', async () => {
    const vault = await backend.vault(key).get();
    await vault.saveGrant({
      ...alice,
      refreshToken: REFRESH_TOKEN,
      scopes: [],
      clientId: CLIENT_ID,
      grantedAt: 1,
    });
    await backend.moveGrant(alice, 'mallory');
    const error = await rejection(vault.findGrant({ issuer: ISSUER, subject: 'mallory' }));
    expect(error.code).toBe('vault_corrupt');
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(REFRESH_TOKEN);
    const replace = await rejection(
      vault.replaceRefreshToken({ issuer: ISSUER, subject: 'mallory' }, REFRESH_TOKEN, 'x', 2),
    );
    expect(replace.code).toBe('vault_corrupt');

    await vault.savePending(pending(STATE, { owner: undefined, browserBinding: 'aa'.repeat(32) }));
    await backend.rebindPending('bb'.repeat(32));
    expect((await rejection(vault.takePending(STATE))).code).toBe('vault_corrupt');
  });

  it('says clearly when the configured key is not the one the rows were written with', async () => {
    const vault = await backend.vault(key).get();
    await vault.saveGrant({
      ...alice,
      refreshToken: REFRESH_TOKEN,
      scopes: [],
      clientId: CLIENT_ID,
      grantedAt: 1,
    });

    const otherMaterial = await backend.vault(testKey('k1')).get();
    const corrupt = await rejection(otherMaterial.findGrant(alice));
    expect(corrupt.code).toBe('vault_corrupt');
    expect(corrupt.message).toContain('k1');

    const otherId = await backend.vault(testKey('k2')).get();
    const missing = await rejection(otherId.findGrant(alice));
    expect(missing.code).toBe('vault_misconfigured');
    expect(missing.message).toContain('key id k1');
    expect(missing.message).toContain('TOKEN_ENCRYPTION_KEYS');
    expect(missing.message).not.toContain(REFRESH_TOKEN);
  });

  it('re-encrypts every row under the first key, keeping each readable and none under the old key id', async () => {
    const before = await backend.vault(key).get();
    const owners = ['u1', 'u2', 'u3'].map((subject) => ({ issuer: ISSUER, subject }));
    for (const owner of owners) {
      await before.saveGrant({
        ...owner,
        refreshToken: `${REFRESH_TOKEN}-${owner.subject}`,
        scopes: [],
        clientId: CLIENT_ID,
        grantedAt: 1,
      });
    }
    await before.savePending(pending('p1'));
    await before.savePending(pending('p2', { owner: undefined, browserBinding: 'cc'.repeat(32) }));

    const newKey = testKey('k2');
    const rotating = await backend.vault(`${newKey},${key}`).get();
    expect(await rotating.rotateKeys()).toEqual({ rewritten: 5 });
    expect(await backend.keyIds()).toEqual(['k2', 'k2', 'k2', 'k2', 'k2']);
    expect(await rotating.rotateKeys()).toEqual({ rewritten: 0 });

    // The old key can now be dropped.
    const after = await backend.vault(newKey).get();
    for (const owner of owners) {
      expect((await after.findGrant(owner))?.refreshToken).toBe(`${REFRESH_TOKEN}-${owner.subject}`);
    }
    expect(await after.takePending('p1')).toMatchObject({ codeVerifier: VERIFIER, owner: alice });
    expect(await after.takePending('p2')).toMatchObject({
      codeVerifier: VERIFIER,
      browserBinding: 'cc'.repeat(32),
    });
  });

  it('fails rotation with the missing key id when a row is under a key no longer configured', async () => {
    const vault = await backend.vault(key).get();
    await vault.saveGrant({
      ...alice,
      refreshToken: REFRESH_TOKEN,
      scopes: [],
      clientId: CLIENT_ID,
      grantedAt: 1,
    });
    const error = await rejection((await backend.vault(testKey('k9')).get()).rotateKeys());
    expect(error.code).toBe('vault_misconfigured');
    expect(error.message).toContain('key id k1');
  });
});
