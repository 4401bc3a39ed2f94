import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@nc-mcp/logger';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { toVaultError, VaultError } from './vaultError.js';
import { type MigrationDialect, vaultMigrationProvider } from './vaultMigrations.js';
import type { VaultDatabase } from './vaultSchema.js';

/** The vault's file name inside BROKER_DATA_DIR. */
export const VAULT_FILE_NAME = 'vault.sqlite';

/** An open, migrated vault database: the one typed query layer both backends share. */
export interface VaultConnection {
  /** Already scoped to the vault's schema on PostgreSQL. */
  db: Kysely<VaultDatabase>;
  backend: 'sqlite' | 'postgres';
  /** Translates a driver error (see toVaultError). */
  translate(error: unknown): unknown;
  close(): Promise<void>;
}

/** Where to open the vault: SQLite under `dataDir` unless `databaseUrl` names a PostgreSQL server. */
export interface VaultLocation {
  dataDir: string;
  databaseUrl?: string | undefined;
  schema?: string | undefined;
  logger: Logger;
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;

function openSqlite(dataDir: string): Kysely<VaultDatabase> {
  const directory = resolve(dataDir);
  const file = join(directory, VAULT_FILE_NAME);
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Create the file owner-only before SQLite opens it; its -wal and -shm files inherit the mode.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  } catch (error) {
    throw new VaultError('vault_misconfigured', 'BROKER_DATA_DIR cannot hold the vault file (not writable)', {
      cause: error,
    });
  }
  const database = new Database(file);
  try {
    // busy_timeout first: switching to WAL needs a lock another broker process may hold.
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('journal_mode = WAL');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<VaultDatabase>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(databaseUrl: string, logger: Logger): Kysely<VaultDatabase> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // No cause: URL's TypeError carries the whole input, password included.
    throw new VaultError('vault_misconfigured', 'DATABASE_URL is not a valid postgres:// URL');
  }
  if (!/^postgres(ql)?:$/i.test(url.protocol)) {
    throw new VaultError('vault_misconfigured', 'DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 5,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  });
  // An idle client losing its server must not crash the broker; the next query reports it.
  pool.on('error', (error) => logger.warn({ err: error }, 'vault database connection lost'));
  return new Kysely<VaultDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Opens the vault's database and brings it to the latest migration. The one place that chooses
 * the dialect: everything after this speaks Kysely only.
 */
export async function openVaultDatabase(location: VaultLocation): Promise<VaultConnection> {
  const backend = location.databaseUrl === undefined ? 'sqlite' : 'postgres';
  const schema = backend === 'postgres' ? (location.schema ?? 'public') : undefined;
  const translate = (error: unknown) => toVaultError(error, backend);
  let root: Kysely<VaultDatabase>;
  try {
    root =
      location.databaseUrl === undefined
        ? openSqlite(location.dataDir)
        : openPostgres(location.databaseUrl, location.logger);
  } catch (error) {
    throw translate(error);
  }
  const scope = <T>(db: Kysely<T>): Kysely<T> => (schema === undefined ? db : db.withSchema(schema));
  const dialect: MigrationDialect = { scope, binaryType: backend === 'sqlite' ? 'blob' : 'bytea' };
  try {
    const migrator = new Migrator({
      db: root,
      provider: vaultMigrationProvider(dialect),
      migrationTableName: 'vault_migration',
      migrationLockTableName: 'vault_migration_lock',
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) throw error;
    const applied = (results ?? []).filter((result) => result.status === 'Success');
    if (applied.length > 0) {
      location.logger.info(
        { backend, migrations: applied.map((result) => result.migrationName) },
        'vault migrations applied',
      );
    }
  } catch (error) {
    await root.destroy().catch(() => undefined);
    throw translate(error);
  }
  return { db: scope(root), backend, translate, close: () => root.destroy() };
}
