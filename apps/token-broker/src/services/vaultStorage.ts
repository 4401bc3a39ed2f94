import { BrokerFailure } from '../brokerFailure.js';
import { VaultError } from '../vault/index.js';

/**
 * Runs a vault operation; its typed errors become broker failures of the same code (the vault's codes
 * are broker failure codes), anything else an `internal` one — never a raw driver error.
 */
export async function vaultStorage<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof BrokerFailure) throw error;
    if (error instanceof VaultError) throw new BrokerFailure(error.code, error.message, { cause: error });
    throw new BrokerFailure('internal', 'vault operation failed', { cause: error });
  }
}
