import type { Logger } from '@nc-mcp/logger';
import { createGrantLock } from './grantLock.js';
import { createGrantRows } from './grantRows.js';
import { rotateVaultKeys } from './keyRotation.js';
import type { VaultConnection } from './openVaultDatabase.js';
import { createPendingRows } from './pendingRows.js';
import type { RefreshTokenVault } from './refreshTokenVault.js';
import type { TokenCipher } from './tokenCipher.js';

/** The {@link RefreshTokenVault} over an open, migrated connection and a key ring. */
export function createStoredVault(
  connection: VaultConnection,
  cipher: TokenCipher,
  logger: Logger,
): RefreshTokenVault {
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw connection.translate(error);
    }
  };
  let closing: Promise<void> | undefined;
  return {
    ...createGrantRows(connection.db, cipher, run),
    ...createPendingRows(connection.db, cipher, run),
    withGrantLock: createGrantLock(connection),
    rotateKeys: () =>
      run(async () => {
        const rewritten = await rotateVaultKeys(connection.db, cipher);
        logger.info({ rewritten, keyId: cipher.currentKeyId }, 'vault rows re-encrypted');
        return { rewritten };
      }),
    close() {
      closing ??= connection.close();
      return closing;
    },
  };
}
