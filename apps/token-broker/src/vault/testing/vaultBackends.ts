import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogs } from '@nc-mcp/logger';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createLazyVault } from '../lazyVault.js';
import { VAULT_FILE_NAME } from '../openVaultDatabase.js';
import type { GrantOwner, LazyVault } from '../refreshTokenVault.js';

/** The machine's PostgreSQL (trust auth); VAULT_TEST_DATABASE_URL overrides it. */
export const TEST_DATABASE_URL =
  process.env.VAULT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh `id:base64` entry for TOKEN_ENCRYPTION_KEYS. */
export function testKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** One storage location (a temp dir, or a unique PostgreSQL schema) that several vaults (replicas) can open. */
export interface VaultBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A new lazy vault over this storage; every vault it made is closed by dispose(). */
  vault(encryptionKeys: string): LazyVault;
  /** Everything a vault logged so far. */
  logs(): string;
  /** What an attacker with the storage sees: the SQLite file and its WAL, or every PostgreSQL column as text and bytes. */
  storedBytes(): Promise<Buffer>;
  /** The `key_id` column of every row of both tables. */
  keyIds(): Promise<string[]>;
  /** The `state_hash` column of every pending row. */
  stateHashes(): Promise<string[]>;
  /** Moves a grant row to another subject behind the vault's back, as a bad database write would. */
  moveGrant(owner: GrantOwner, subject: string): Promise<void>;
  /** Rebinds every pending row to another browser behind the vault's back. */
  rebindPending(browserBinding: string): Promise<void>;
  dispose(): Promise<void>;
}

function tracked(make: (keys: string) => LazyVault): { vault: typeof make; closeAll(): Promise<void> } {
  const vaults: LazyVault[] = [];
  return {
    vault(keys) {
      const vault = make(keys);
      vaults.push(vault);
      return vault;
    },
    closeAll: async () => {
      await Promise.all(vaults.map((vault) => vault.close()));
    },
  };
}

/** SQLite in a new temp dir. */
export async function createSqliteBackend(): Promise<VaultBackend> {
  const root = await mkdtemp(join(tmpdir(), 'vault-test-'));
  const dataDir = join(root, 'data');
  const file = join(dataDir, VAULT_FILE_NAME);
  const logs = captureLogs('vault');
  const vaults = tracked((keys) => createLazyVault({ dataDir, encryptionKeys: keys, logger: logs.logger }));
  const write = (statement: string, ...params: unknown[]) => {
    const database = new Database(file);
    try {
      database.pragma('busy_timeout = 10000');
      database.prepare(statement).run(...params);
    } finally {
      database.close();
    }
  };
  const read = <T>(statement: string): T[] => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare(statement).all() as T[];
    } finally {
      database.close();
    }
  };
  return {
    name: 'sqlite',
    vault: vaults.vault,
    logs: logs.text,
    async storedBytes() {
      const parts = await Promise.all(
        [file, `${file}-wal`].map((path) => readFile(path).catch(() => Buffer.alloc(0))),
      );
      return Buffer.concat(parts);
    },
    keyIds: async () =>
      read<{ key_id: string }>(
        'SELECT key_id FROM vault_grant UNION ALL SELECT key_id FROM vault_pending',
      ).map((row) => row.key_id),
    stateHashes: async () =>
      read<{ state_hash: string }>('SELECT state_hash FROM vault_pending').map((row) => row.state_hash),
    moveGrant: async (owner, subject) =>
      write(
        'UPDATE vault_grant SET subject = ? WHERE issuer = ? AND subject = ?',
        subject,
        owner.issuer,
        owner.subject,
      ),
    rebindPending: async (browserBinding) =>
      write('UPDATE vault_pending SET browser_binding = ?', browserBinding),
    async dispose() {
      await vaults.closeAll();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL in a new schema `vault_test_<random>`, dropped by dispose(). */
export async function createPostgresBackend(): Promise<VaultBackend> {
  const schema = `vault_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  const logs = captureLogs('vault');
  const vaults = tracked((keys) =>
    createLazyVault({
      dataDir: '/nonexistent/vault-must-not-use-this',
      databaseUrl: TEST_DATABASE_URL,
      encryptionKeys: keys,
      schema,
      logger: logs.logger,
    }),
  );
  const table = (name: string) => `"${schema}".${name}`;
  return {
    name: 'postgres',
    vault: vaults.vault,
    logs: logs.text,
    async storedBytes() {
      const parts: Buffer[] = [];
      for (const name of ['vault_grant', 'vault_pending']) {
        const columns = await client.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
          [schema, name],
        );
        for (const { column_name: column } of columns.rows) {
          const rows = await client.query(
            `SELECT "${column}" AS raw, "${column}"::text AS text FROM ${table(name)}`,
          );
          for (const row of rows.rows as { raw: unknown; text: string | null }[]) {
            parts.push(Buffer.from(`${row.text ?? ''}\n`, 'utf8'));
            if (Buffer.isBuffer(row.raw)) parts.push(row.raw);
          }
        }
      }
      return Buffer.concat(parts);
    },
    async keyIds() {
      const result = await client.query<{ key_id: string }>(
        `SELECT key_id FROM ${table('vault_grant')} UNION ALL SELECT key_id FROM ${table('vault_pending')}`,
      );
      return result.rows.map((row) => row.key_id);
    },
    async stateHashes() {
      const result = await client.query<{ state_hash: string }>(
        `SELECT state_hash FROM ${table('vault_pending')}`,
      );
      return result.rows.map((row) => row.state_hash);
    },
    async moveGrant(owner, subject) {
      await client.query(
        `UPDATE ${table('vault_grant')} SET subject = $1 WHERE issuer = $2 AND subject = $3`,
        [subject, owner.issuer, owner.subject],
      );
    },
    async rebindPending(browserBinding) {
      await client.query(`UPDATE ${table('vault_pending')} SET browser_binding = $1`, [browserBinding]);
    },
    async dispose() {
      try {
        await vaults.closeAll();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Both backends, for `describe.each`. */
export const VAULT_BACKENDS = [
  { name: 'sqlite', create: createSqliteBackend },
  { name: 'postgres', create: createPostgresBackend },
] as const;
