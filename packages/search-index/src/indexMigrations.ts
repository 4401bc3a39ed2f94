import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/** What differs between the dialects in DDL, decided where the dialect is chosen (openIndexDatabase). */
export interface IndexMigrationDialect {
  backend: 'sqlite' | 'postgres';
  /** Scopes a migration's connection to the index's schema (PostgreSQL) or leaves it as is (SQLite). */
  scope(db: Kysely<unknown>): Kysely<unknown>;
}

async function createTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_item')
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('family', 'text', (column) => column.notNull())
    .addColumn('item_id', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('content', 'text', (column) => column.notNull())
    .addColumn('link', 'text', (column) => column.notNull())
    .addColumn('etag', 'text', (column) => column.notNull())
    .addColumn('modified_at', 'bigint', (column) => column.notNull())
    .addColumn('indexed_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('search_item_pk', ['user_id', 'family', 'item_id'])
    .execute();
  await db.schema
    .createIndex('search_item_modified')
    .on('search_item')
    .columns(['user_id', 'modified_at'])
    .execute();
  await db.schema
    .createTable('search_sync')
    .addColumn('user_id', 'text', (column) => column.primaryKey())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('synced_at', 'bigint', (column) => column.notNull())
    .addColumn('items', 'integer', (column) => column.notNull())
    .addColumn('errors', 'text', (column) => column.notNull())
    .execute();
}

// Per-collection RFC 6578 sync tokens (a calendar, an address book), so the next sync asks only for changes.
async function createSyncStateTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_state')
    .addColumn('user_id', 'text', (column) => column.notNull())
    .addColumn('collection_key', 'text', (column) => column.notNull())
    .addColumn('sync_token', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('sync_state_pk', ['user_id', 'collection_key'])
    .execute();
}

// FTS5 over title and content, kept in step with search_item by triggers (external-content table).
async function addSqliteFullText(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE search_item_fts USING fts5(title, content, content='search_item', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`CREATE TRIGGER search_item_ai AFTER INSERT ON search_item BEGIN
    INSERT INTO search_item_fts(rowid, title, content) VALUES (new.rowid, new.title, new.content); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER search_item_ad AFTER DELETE ON search_item BEGIN
    INSERT INTO search_item_fts(search_item_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content); END`.execute(
    db,
  );
  await sql`CREATE TRIGGER search_item_au AFTER UPDATE ON search_item BEGIN
    INSERT INTO search_item_fts(search_item_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content);
    INSERT INTO search_item_fts(rowid, title, content) VALUES (new.rowid, new.title, new.content); END`.execute(
    db,
  );
}

// A tsvector written with each row (from folded text, so accents match as on SQLite) and a GIN index.
// `simple`: no language is assumed, as with SQLite's unicode61 tokenizer.
async function addPostgresFullText(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_item')
    .addColumn('search_vector', sql`tsvector`, (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('search_item_vector')
    .on('search_item')
    .using('gin')
    .column('search_vector')
    .execute();
}

/**
 * The index's versioned migrations, in code (the bundle has no migration folder). Names sort in order;
 * never edit a released one — add the next.
 */
function migrations({ backend, scope }: IndexMigrationDialect): Record<string, Migration> {
  return {
    '0001_search_tables': {
      async up(connection) {
        const db = scope(connection);
        await createTables(db);
        if (backend === 'sqlite') await addSqliteFullText(db);
        else await addPostgresFullText(db);
      },
    },
    '0002_sync_state': {
      async up(connection) {
        await createSyncStateTable(scope(connection));
      },
    },
  };
}

/** The in-code {@link MigrationProvider} for the index's tables. */
export function indexMigrationProvider(dialect: IndexMigrationDialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
