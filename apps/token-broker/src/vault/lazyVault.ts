import { parseEncryptionKeys } from './encryptionKeys.js';
import { openVaultDatabase } from './openVaultDatabase.js';
import type { LazyVault, RefreshTokenVault, VaultOptions } from './refreshTokenVault.js';
import { createStoredVault } from './storedVault.js';
import { createTokenCipher } from './tokenCipher.js';
import { VaultError } from './vaultError.js';

async function openVault(options: VaultOptions): Promise<RefreshTokenVault> {
  // Keys first: a misconfigured vault creates no file and opens no connection.
  const parsed = parseEncryptionKeys(options.encryptionKeys);
  if (!parsed.ok) {
    throw new VaultError('vault_misconfigured', `TOKEN_ENCRYPTION_KEYS ${parsed.problems.join('; ')}`);
  }
  const cipher = createTokenCipher(parsed.keys);
  const connection = await openVaultDatabase({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    logger: options.logger,
  });
  options.logger.info(
    { backend: connection.backend, keyId: cipher.currentKeyId, keyCount: parsed.keys.length },
    'refresh-token vault opened',
  );
  return createStoredVault(connection, cipher, options.logger);
}

/** Builds a {@link LazyVault}: it reads no key, touches no file and opens no connection until `get()`. */
export function createLazyVault(options: VaultOptions): LazyVault {
  let opening: Promise<RefreshTokenVault> | undefined;
  let vault: RefreshTokenVault | undefined;
  return {
    get() {
      if (opening === undefined) {
        const attempt = openVault(options).then(
          (opened) => {
            if (opening === attempt) vault = opened;
            return opened;
          },
          (error: unknown) => {
            // Not cached: the next call tries again (the database may be back, the operator may have fixed it).
            if (opening === attempt) opening = undefined;
            throw error;
          },
        );
        opening = attempt;
      }
      return opening;
    },
    get opened() {
      return vault !== undefined;
    },
    async close() {
      const pending = opening;
      opening = undefined;
      vault = undefined;
      const current = await pending?.catch(() => undefined);
      await current?.close();
    },
  };
}
