// `vault:rotate`: re-encrypts every vault row under the first key of TOKEN_ENCRYPTION_KEYS, so older keys
// can then be removed. It reads the broker's own environment through loadBrokerEnv, so the vault
// variables follow exactly the broker's rules and defaults.
import { ConfigError } from '@nc-mcp/config';
import { createLogger } from '@nc-mcp/logger';
import { loadBrokerEnv } from '../env.js';
import { parseEncryptionKeys } from './encryptionKeys.js';
import { createLazyVault } from './lazyVault.js';
import { VaultError } from './vaultError.js';

const NAME = 'vault:rotate';

async function rotate(): Promise<string> {
  const env = loadBrokerEnv();
  // Warnings only, to stderr: stdout carries the one result line.
  const logger = createLogger({ name: 'vault-rotate', level: 'warn', destination: process.stderr });
  const vault = createLazyVault({ ...env.vault, logger });
  try {
    const { rewritten } = await (await vault.get()).rotateKeys();
    const parsed = parseEncryptionKeys(env.vault.encryptionKeys);
    const keyId = parsed.ok ? parsed.keys[0]?.id : undefined;
    return `re-encrypted ${rewritten} rows under key ${keyId}`;
  } finally {
    await vault.close();
  }
}

/** One line for the operator: the variables and rules a ConfigError found, or a VaultError's message. */
function problemLine(error: unknown): { line: string; exitCode: number } {
  if (error instanceof ConfigError) {
    const issues = error.issues.map((issue) => `${issue.variable}: ${issue.message}`).join('; ');
    return { line: `invalid configuration: ${issues}`, exitCode: 2 };
  }
  if (error instanceof VaultError) return { line: error.message, exitCode: 2 };
  return { line: `failed: ${error instanceof Error ? error.message : 'unknown error'}`, exitCode: 1 };
}

/** Runs the command: one result line on stdout, or one problem line on stderr and a non-zero exit code. */
export function runVaultRotate(): Promise<void> {
  return rotate().then(
    (line) => {
      process.stdout.write(`${line}\n`);
    },
    (error: unknown) => {
      const { line, exitCode } = problemLine(error);
      process.stderr.write(`${NAME}: ${line.replace(/\s+/g, ' ')}\n`);
      process.exitCode = exitCode;
    },
  );
}
