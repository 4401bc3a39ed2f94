import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/** What differs between the dialects in DDL, decided where the dialect is chosen (openVaultDatabase). */
export interface MigrationDialect {
  /** Scopes a migration's connection to the vault's schema (PostgreSQL) or leaves it as is (SQLite). */
  scope(db: Kysely<unknown>): Kysely<unknown>;
  /** `blob` on SQLite, `bytea` on PostgreSQL. */
  binaryType: 'blob' | 'bytea';
}

/**
 * The vault's versioned migrations, in code (the bundle has no migration folder). Names sort in order;
 * never edit a released one — add the next.
 */
function migrations({ scope, binaryType: binary }: MigrationDialect): Record<string, Migration> {
  return {
    '0001_vault_tables': {
      async up(connection) {
        const db = scope(connection);
        await db.schema
          .createTable('vault_grant')
          .addColumn('issuer', 'text', (column) => column.notNull())
          .addColumn('subject', 'text', (column) => column.notNull())
          .addColumn('scopes', 'text', (column) => column.notNull())
          .addColumn('client_id', 'text', (column) => column.notNull())
          .addColumn('key_id', 'text', (column) => column.notNull())
          .addColumn('iv', binary, (column) => column.notNull())
          .addColumn('ciphertext', binary, (column) => column.notNull())
          .addColumn('auth_tag', binary, (column) => column.notNull())
          .addColumn('granted_at', 'bigint', (column) => column.notNull())
          .addColumn('updated_at', 'bigint', (column) => column.notNull())
          .addColumn('last_used_at', 'bigint')
          .addPrimaryKeyConstraint('vault_grant_pk', ['issuer', 'subject'])
          .execute();
        await db.schema.createIndex('vault_grant_key_id').on('vault_grant').column('key_id').execute();
        await db.schema
          .createTable('vault_pending')
          .addColumn('state_hash', 'text', (column) => column.primaryKey())
          .addColumn('issuer', 'text')
          .addColumn('subject', 'text')
          .addColumn('browser_binding', 'text')
          .addColumn('client_id', 'text', (column) => column.notNull())
          .addColumn('scopes', 'text', (column) => column.notNull())
          .addColumn('redirect_uri', 'text', (column) => column.notNull())
          .addColumn('key_id', 'text', (column) => column.notNull())
          .addColumn('iv', binary, (column) => column.notNull())
          .addColumn('ciphertext', binary, (column) => column.notNull())
          .addColumn('auth_tag', binary, (column) => column.notNull())
          .addColumn('created_at', 'bigint', (column) => column.notNull())
          .addColumn('expires_at', 'bigint', (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex('vault_pending_expires_at')
          .on('vault_pending')
          .column('expires_at')
          .execute();
      },
    },
  };
}

/** The in-code {@link MigrationProvider} for the vault's tables. */
export function vaultMigrationProvider(dialect: MigrationDialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
