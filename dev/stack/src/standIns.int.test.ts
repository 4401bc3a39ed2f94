import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@nc-mcp/logger';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { persistentSecret } from './devDataDir.js';
import { loadDevStackEnv } from './env.js';
import { type StandIns, startStandIns } from './standIns.js';

async function jwksKid(issuer: string): Promise<unknown> {
  const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid?: string }[] };
  return jwks.keys[0]?.kid;
}

describe('pnpm start stand-ins with a data directory', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nc-mcp-stand-ins-'));
  });
  beforeEach(() => {
    // The loud dev-only notices are for people, not for test output.
    vi.spyOn(process.stdout, 'write').mockReturnValue(true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the dev IdP key and the broker client secret across a restart in exchange mode', async () => {
    const dataDir = join(root, 'exchange');
    const env = loadDevStackEnv({
      ENABLE_TOKEN_EXCHANGE: 'true',
      DEV_IDP_PORT: '0',
      DEV_NEXTCLOUD_PORT: '0',
      DEV_IDP_DATA_DIR: dataDir,
    });
    const runs: { kid: unknown; secret?: string }[] = [];
    for (let run = 0; run < 2; run++) {
      const standIns: StandIns = await startStandIns(env, createSilentLogger());
      try {
        runs.push({ kid: await jwksKid(standIns.issuer), secret: standIns.brokerClient?.clientSecret });
      } finally {
        await standIns.close();
      }
    }
    expect(runs[0]?.kid).toEqual(expect.any(String));
    expect(runs[0]?.secret).toEqual(expect.any(String));
    expect(runs[1]).toEqual(runs[0]);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'broker-client-secret'))).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('keeps a secret once made and refuses an unusable one, naming the file', async () => {
    const dataDir = join(root, 'secrets');
    const made = await persistentSecret(dataDir, 'caller-key');
    expect(made.length).toBeGreaterThanOrEqual(16);
    await expect(persistentSecret(dataDir, 'caller-key')).resolves.toBe(made);
    await expect(persistentSecret(dataDir, 'other-key')).resolves.not.toBe(made);
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'short-key'), 'abc\n');
    await expect(persistentSecret(dataDir, 'short-key')).rejects.toThrow(join(dataDir, 'short-key'));
  });
});
