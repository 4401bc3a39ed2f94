import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { persistentSecret, REPOSITORY_ROOT } from './devDataDir.js';

/**
 * The broker's vault settings for `pnpm start`: the operator's own `BROKER_DATA_DIR` and
 * `TOKEN_ENCRYPTION_KEYS` when set, else the git-ignored `./data/broker` and a dev key kept in the
 * stack's data directory (said loudly: a key on the same disk as the vault protects nothing).
 */
export async function devVaultSettings(dataDir: string): Promise<Record<string, string>> {
  const settings: Record<string, string> = {
    BROKER_DATA_DIR: process.env.BROKER_DATA_DIR ?? join(REPOSITORY_ROOT, 'data', 'broker'),
  };
  if (process.env.TOKEN_ENCRYPTION_KEYS === undefined) {
    const secret = await persistentSecret(dataDir, 'vault-key');
    // 32 bytes for AES-256, derived from the kept secret so that a restart decrypts what it stored.
    settings.TOKEN_ENCRYPTION_KEYS = `dev:${createHash('sha256').update(secret).digest('base64')}`;
    process.stdout.write(devVaultNotice(join(dataDir, 'vault-key')));
  }
  return settings;
}

/** The loud notice that the vault is encrypted under a development key. */
export function devVaultNotice(file: string): string {
  const bar = '!'.repeat(78);
  return `\n${bar}\n!! TOKEN_ENCRYPTION_KEYS is not set: the broker's vault uses a dev key kept in\n!! ${file}\n!! For local development only — never in production (openssl rand -base64 32).\n${bar}\n`;
}
