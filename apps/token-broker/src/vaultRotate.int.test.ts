import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureLogs } from '@nc-mcp/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLazyVault } from './vault/lazyVault.js';
import { testKey } from './vault/testing/vaultBackends.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the app folder with only `env` (plus PATH and HOME), as an operator would. */
function run(command: string, args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        cwd: appDir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        timeout: 50_000,
      },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

const rotate = (env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'src/vaultRotate.ts'], env);

const brokerEnv = {
  OIDC_ISSUER: 'http://127.0.0.1:9',
  BROKER_CLIENT_ID: 'token-broker',
  BROKER_CLIENT_SECRET: 'rotate-test-client-secret',
  BROKER_CALLER_KEYS: 'mcp-server=rotate-test-caller-key-0123',
};

describe('the vault:rotate command', () => {
  let dataDir: string;
  const oldKey = testKey('old');
  const newKey = testKey('new');
  const material = (key: string) => key.split(':')[1] ?? '';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vault-rotate-'));
    const vault = createLazyVault({ dataDir, encryptionKeys: oldKey, logger: captureLogs().logger });
    const store = await vault.get();
    for (const subject of ['alice', 'bob']) {
      await store.saveGrant({
        issuer: 'https://idp.test',
        subject,
        refreshToken: `rt-${subject}`,
        scopes: [],
        clientId: 'c',
        grantedAt: 1,
      });
    }
    await vault.close();
  }, 30_000);
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('re-encrypts every row under the first key through the package script and says so in one line', async () => {
    const env = { ...brokerEnv, BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: `${newKey},${oldKey}` };
    const first = await run('pnpm', ['--silent', 'run', 'vault:rotate'], env);
    expect(first.stdout).toBe('re-encrypted 2 rows under key new\n');
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain(material(newKey));

    // The same command as a sub-command of the broker's entry point (what the image runs).
    const again = await run(process.execPath, ['--import', 'tsx', 'src/index.ts', 'vault:rotate'], env);
    expect(again).toMatchObject({ code: 0, stdout: 're-encrypted 0 rows under key new\n' });

    const after = createLazyVault({ dataDir, encryptionKeys: newKey, logger: captureLogs().logger });
    try {
      expect(
        (await (await after.get()).findGrant({ issuer: 'https://idp.test', subject: 'bob' }))?.refreshToken,
      ).toBe('rt-bob');
    } finally {
      await after.close();
    }
  }, 60_000);

  it('exits 2 with one line naming the missing key id when a row is under a key no longer configured', async () => {
    const outcome = await rotate({ ...brokerEnv, BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: newKey });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toContain('key id old');
    expect(outcome.stderr).not.toContain(material(newKey));
  }, 60_000);

  it('exits 2 with one line, no stack and no key, for malformed keys or a missing broker variable', async () => {
    const broken = `k1:${material(newKey).slice(0, 24)}`;
    const keys = await rotate({ ...brokerEnv, BROKER_DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEYS: broken });
    expect(keys.code).toBe(2);
    expect(keys.stderr).toMatch(/^vault:rotate: TOKEN_ENCRYPTION_KEYS .+\n$/);
    expect(keys.stderr).not.toContain(material(newKey).slice(0, 24));

    const { OIDC_ISSUER: _omitted, ...withoutIssuer } = brokerEnv;
    const config = await rotate({
      ...withoutIssuer,
      BROKER_DATA_DIR: dataDir,
      TOKEN_ENCRYPTION_KEYS: newKey,
    });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^vault:rotate: invalid configuration: OIDC_ISSUER: .+\n$/);
    expect(config.stderr).not.toMatch(/^\s+at /m);
    expect(config.stderr).not.toContain('rotate-test-client-secret');
  }, 60_000);
});
