import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@nc-mcp/logger';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { indexMigrationProvider } from './indexMigrations.js';
import type { IndexDatabase } from './indexSchema.js';
import { SearchIndexError, toSearchIndexError } from './searchIndexError.js';

/** The index's file name inside the data directory (INDEX_DATA_DIR). */
export const INDEX_FILE_NAME = 'search-index.sqlite';

/** Where and how to open the index: SQLite under `dataDir` unless `databaseUrl` names a PostgreSQL server. */
export interface IndexLocation {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (tests use a unique one); default `public`. */
  schema?: string | undefined;
  /** The MCP server's mode: no migrations, no writes (SQLite read-only, PostgreSQL read-only transactions). */
  readOnly?: boolean | undefined;
  logger: Logger;
}

/** An open index database: the one typed query layer both backends share. */
export interface IndexConnection {
  /** Already scoped to the index's schema on PostgreSQL. */
  db: Kysely<IndexDatabase>;
  backend: 'sqlite' | 'postgres';
  /** The PostgreSQL schema (for raw search SQL); undefined on SQLite. */
  schema: string | undefined;
  translate(error: unknown): unknown;
  close(): Promise<void>;
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;

function openSqlite(dataDir: string, readOnly: boolean): Kysely<IndexDatabase> {
  const directory = resolve(dataDir);
  const file = join(directory, INDEX_FILE_NAME);
  if (readOnly && !existsSync(file)) {
    throw new SearchIndexError(
      'index_missing',
      'the search index does not exist yet (the background worker creates it)',
    );
  }
  if (!readOnly) {
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new SearchIndexError(
        'index_misconfigured',
        'INDEX_DATA_DIR cannot hold the search index (not writable)',
        {
          cause: error,
        },
      );
    }
  }
  const database = new Database(file, { readonly: readOnly, fileMustExist: readOnly });
  try {
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL: the MCP server reads while the worker writes. A reader cannot switch modes; the writer did.
    if (!readOnly) database.pragma('journal_mode = WAL');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<IndexDatabase>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(databaseUrl: string, readOnly: boolean, logger: Logger): Kysely<IndexDatabase> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // No cause: URL's TypeError carries the whole input, password included.
    throw new SearchIndexError('index_misconfigured', 'DATABASE_URL is not a valid postgres:// URL');
  }
  if (!/^postgres(ql)?:$/i.test(url.protocol)) {
    throw new SearchIndexError(
      'index_misconfigured',
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
    );
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 5,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'search index database connection lost'));
  return new Kysely<IndexDatabase>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(
  root: Kysely<IndexDatabase>,
  backend: 'sqlite' | 'postgres',
  schema: string | undefined,
  logger: Logger,
) {
  const scope = <T>(db: Kysely<T>): Kysely<T> => (schema === undefined ? db : db.withSchema(schema));
  // The Migrator creates the schema when missing (checking first, so a user without CREATE on the
  // database can still use an existing one).
  const migrator = new Migrator({
    db: root,
    provider: indexMigrationProvider({ backend, scope }),
    migrationTableName: 'search_migration',
    migrationLockTableName: 'search_migration_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  const applied = (results ?? []).filter((result) => result.status === 'Success');
  if (applied.length > 0) {
    logger.info(
      { backend, migrations: applied.map((result) => result.migrationName) },
      'search index migrations applied',
    );
  }
}

/**
 * Opens the index's database and, unless read-only, brings it to the latest migration. The one place
 * that chooses the dialect: everything after this speaks Kysely (and the dialect's search SQL).
 */
export async function openIndexDatabase(location: IndexLocation): Promise<IndexConnection> {
  const backend = location.databaseUrl === undefined ? 'sqlite' : 'postgres';
  const schema = backend === 'postgres' ? (location.schema ?? 'public') : undefined;
  const readOnly = location.readOnly === true;
  const translate = (error: unknown) => toSearchIndexError(error, backend);
  let root: Kysely<IndexDatabase>;
  try {
    root =
      location.databaseUrl === undefined
        ? openSqlite(location.dataDir, readOnly)
        : openPostgres(location.databaseUrl, readOnly, location.logger);
  } catch (error) {
    throw translate(error);
  }
  const db = schema === undefined ? root : root.withSchema(schema);
  try {
    if (readOnly) {
      // Fails when the worker never migrated this database: say so rather than fail at the first search.
      await db.selectFrom('search_sync').select('user_id').limit(1).execute();
    } else {
      await migrate(root, backend, schema, location.logger);
    }
  } catch (error) {
    await root.destroy().catch(() => undefined);
    const translated = translate(error);
    if (readOnly && translated === error) {
      throw new SearchIndexError(
        'index_missing',
        'the search index has no tables yet (the background worker creates them)',
        {
          cause: error,
        },
      );
    }
    throw translated;
  }
  return { db, backend, schema, translate, close: () => root.destroy() };
}
