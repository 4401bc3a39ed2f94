import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@nc-mcp/logger';
import pg from 'pg';
import { openSearchIndex, type SearchIndex } from '../openSearchIndex.js';

/** The machine's PostgreSQL (trust auth); INDEX_TEST_DATABASE_URL overrides it. */
export const TEST_DATABASE_URL =
  process.env.INDEX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One storage location (a temp dir or a unique PostgreSQL schema) that several indexes can open. */
export interface IndexBackend {
  readonly name: 'sqlite' | 'postgres';
  /** Opens an index over this storage; closed by dispose(). */
  open(options?: { readOnly?: boolean }): Promise<SearchIndex>;
  dispose(): Promise<void>;
}

function tracked(open: IndexBackend['open']) {
  const opened: SearchIndex[] = [];
  return {
    open: async (options?: { readOnly?: boolean }) => {
      const index = await open(options);
      opened.push(index);
      return index;
    },
    closeAll: () => Promise.all(opened.map((index) => index.close())),
  };
}

/** SQLite in a new temp dir. */
export async function createSqliteIndexBackend(): Promise<IndexBackend> {
  const root = await mkdtemp(join(tmpdir(), 'search-index-test-'));
  const dataDir = join(root, 'index');
  const indexes = tracked((options) =>
    openSearchIndex({ dataDir, readOnly: options?.readOnly, logger: createSilentLogger() }),
  );
  return {
    name: 'sqlite',
    open: indexes.open,
    async dispose() {
      await indexes.closeAll();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL in a new schema `search_test_<random>`, dropped by dispose(). */
export async function createPostgresIndexBackend(): Promise<IndexBackend> {
  const schema = `search_test_${randomBytes(6).toString('hex')}`;
  const indexes = tracked((options) =>
    openSearchIndex({
      dataDir: '/nonexistent/search-index-must-not-use-this',
      databaseUrl: TEST_DATABASE_URL,
      schema,
      readOnly: options?.readOnly,
      logger: createSilentLogger(),
    }),
  );
  return {
    name: 'postgres',
    open: indexes.open,
    async dispose() {
      await indexes.closeAll();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Both backends, for `describe.each`. */
export const INDEX_BACKENDS = [
  { name: 'sqlite', create: createSqliteIndexBackend },
  { name: 'postgres', create: createPostgresIndexBackend },
] as const;
