import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { captureLogs } from '@nc-mcp/logger';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLazyVault } from './lazyVault.js';
import { testKey } from './testing/vaultBackends.js';
import { VaultError } from './vaultError.js';

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('the lazy vault on SQLite', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vault-lazy-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('touches nothing until get(), then creates an owner-only directory and file in WAL mode', async () => {
    const dataDir = join(root, 'broker', 'data');
    const vault = createLazyVault({ dataDir, encryptionKeys: testKey('k1'), logger: captureLogs().logger });
    expect(existsSync(join(root, 'broker'))).toBe(false);
    expect(vault.opened).toBe(false);

    const [first, second] = await Promise.all([vault.get(), vault.get()]);
    expect(first).toBe(second);
    expect(vault.opened).toBe(true);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'vault.sqlite')).mode & 0o777).toBe(0o600);
    await first.saveGrant({
      issuer: 'i',
      subject: 's',
      refreshToken: 'r',
      scopes: [],
      clientId: 'c',
      grantedAt: 1,
    });
    const raw = new Database(join(dataDir, 'vault.sqlite'), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    await vault.close();
    expect(vault.opened).toBe(false);
  }, 30_000);

  it('leaves an existing empty data directory empty until get()', async () => {
    const vault = createLazyVault({
      dataDir: root,
      encryptionKeys: testKey('k1'),
      logger: captureLogs().logger,
    });
    expect(readdirSync(root)).toEqual([]);
    await vault.get();
    expect(readdirSync(root)).toContain('vault.sqlite');
    await vault.close();
  }, 30_000);

  it('refuses missing or malformed keys from get(), creating nothing, and tries again on the next call', async () => {
    const dataDir = join(root, 'data');
    const key = randomBytes(32).toString('base64');
    for (const encryptionKeys of [undefined, '', key, `k1:${key.slice(0, 20)}`, `bad id!:${key}`]) {
      const vault = createLazyVault({ dataDir, encryptionKeys, logger: captureLogs().logger });
      const error = await rejection(vault.get());
      expect(error.code).toBe('vault_misconfigured');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('TOKEN_ENCRYPTION_KEYS');
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(key.slice(0, 20));
      expect(vault.opened).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    }
  });

  it('names BROKER_DATA_DIR when the directory cannot hold the vault', async () => {
    const blocked = join(root, 'file-not-dir');
    await writeFile(blocked, '');
    const vault = createLazyVault({
      dataDir: join(blocked, 'data'),
      encryptionKeys: testKey('k1'),
      logger: captureLogs().logger,
    });
    const error = await rejection(vault.get());
    expect(error.code).toBe('vault_misconfigured');
    expect(error.message).toContain('BROKER_DATA_DIR');
  });
});

describe('the lazy vault on PostgreSQL', () => {
  let server: Server;
  let port: number;
  let connections: number;
  beforeEach(async () => {
    connections = 0;
    // Accepts and drops every connection: a database that is there but answers nothing useful.
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to nothing until get(), then reports the unreachable database as retryable', async () => {
    const vault = createLazyVault({
      dataDir: '/nonexistent/never-created',
      databaseUrl: `postgres://postgres:hunter2-secret@127.0.0.1:${port}/postgres`,
      encryptionKeys: testKey('k1'),
      logger: captureLogs().logger,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connections).toBe(0);

    const error = await rejection(vault.get());
    expect(connections).toBeGreaterThan(0);
    expect(error.code).toBe('vault_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('DATABASE_URL');
    expect(inspect(error, { depth: 8 })).not.toContain('hunter2-secret');
    expect(vault.opened).toBe(false);
    // Not cached: the next call connects again.
    const before = connections;
    await rejection(vault.get());
    expect(connections).toBeGreaterThan(before);
    await vault.close();
  }, 60_000);

  it('accepts a bad host at creation and fails only get(), with vault_unavailable', async () => {
    const vault = createLazyVault({
      dataDir: '/nonexistent/never-created',
      databaseUrl: 'postgres://postgres@vault-db.invalid:5432/postgres',
      encryptionKeys: testKey('k1'),
      logger: captureLogs().logger,
    });
    const error = await rejection(vault.get());
    expect(error.code).toBe('vault_unavailable');
    expect(existsSync('/nonexistent/never-created')).toBe(false);
    await vault.close();
  }, 60_000);

  it('refuses a malformed DATABASE_URL as misconfigured without quoting it', async () => {
    const vault = createLazyVault({
      dataDir: '/nonexistent/never-created',
      databaseUrl: 'postgres://postgres:hunter2-secret@host:notaport/db',
      encryptionKeys: testKey('k1'),
      logger: captureLogs().logger,
    });
    const error = await rejection(vault.get());
    expect(error.code).toBe('vault_misconfigured');
    expect(error.message).toContain('DATABASE_URL');
    expect(inspect(error, { depth: 8 })).not.toContain('hunter2-secret');
  });
});
