import type { Logger } from '@nc-mcp/logger';
import {
  boundedErrors,
  boundedItem,
  type IndexFamily,
  type IndexItem,
  type SearchHit,
  type SyncOutcome,
} from './indexItem.js';
import { openIndexDatabase } from './openIndexDatabase.js';
import { postgresSearch, postgresVector, type SearchQuery, sqliteSearch } from './searchQuery.js';
import { foldText, searchTerms } from './searchTerms.js';
import { buildSnippet } from './snippet.js';
import { createSyncTokenStore, type SyncTokenStore } from './syncTokens.js';

/** Options of {@link openSearchIndex}. */
export interface SearchIndexOptions {
  /** Directory of the SQLite file (INDEX_DATA_DIR); unused with `databaseUrl`. */
  dataDir: string;
  /** PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema; default `public` (tests use a unique one). */
  schema?: string | undefined;
  /** The MCP server's mode: reads only, never migrates. */
  readOnly?: boolean | undefined;
  logger: Logger;
}

/** Filters of {@link SearchIndex.search}. */
export interface SearchOptions {
  families?: readonly IndexFamily[];
  /** Only items modified at or after this time (milliseconds since the epoch). */
  modifiedSince?: number;
  /** 1–100; default 20. */
  limit?: number;
}

/** The per-user content index. Every method takes the user id and only ever touches that user's rows. */
export interface SearchIndex extends SyncTokenStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Inserts or replaces items (by family and id). */
  upsertItems(userId: string, items: readonly IndexItem[]): Promise<void>;
  deleteItems(userId: string, family: IndexFamily, ids: readonly string[]): Promise<void>;
  /** Item id → etag of everything indexed for the user in one family, for incremental sync. */
  listItemStates(userId: string, family: IndexFamily): Promise<Map<string, string>>;
  /** Ranked hits for the query's plain words (FTS syntax is never interpreted); [] without words. */
  search(userId: string, query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Items per family. */
  counts(userId: string): Promise<Partial<Record<IndexFamily, number>>>;
  recordSync(userId: string, outcome: SyncOutcome): Promise<void>;
  /** The last recorded sync, or undefined when the user was never synced (or was forgotten). */
  syncStatus(userId: string): Promise<SyncOutcome | undefined>;
  /** Removes every item, the sync status and the sync tokens of the user. */
  forgetUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

// Rows per INSERT: 9 parameters each stays far below SQLite's and PostgreSQL's parameter limits.
const WRITE_CHUNK = 200;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function chunks<T>(values: readonly T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/** Opens (and, unless read-only, migrates) the search index on SQLite FTS5 or PostgreSQL full-text search. */
export async function openSearchIndex(options: SearchIndexOptions): Promise<SearchIndex> {
  const connection = await openIndexDatabase(options);
  const { db, translate } = connection;
  const postgres = connection.backend === 'postgres';
  const runSearch: SearchQuery =
    connection.schema === undefined ? sqliteSearch : postgresSearch(connection.schema);
  // Every driver error leaves through translate(): callers see SearchIndexError for what we understand.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw translate(error);
    }
  };

  return {
    backend: connection.backend,
    ...createSyncTokenStore(db, guarded),
    upsertItems: (userId, items) =>
      guarded(async () => {
        if (items.length === 0) return;
        const now = Date.now();
        await db.transaction().execute(async (trx) => {
          for (const chunk of chunks(items)) {
            const rows = chunk.map(boundedItem).map((item) => ({
              user_id: userId,
              family: item.family,
              item_id: item.id,
              title: item.title,
              content: item.content,
              link: item.link,
              etag: item.etag,
              modified_at: Math.trunc(item.modifiedAt),
              indexed_at: now,
              ...(postgres
                ? { search_vector: postgresVector(foldText(item.title), foldText(item.content)) }
                : {}),
            }));
            await trx
              .insertInto('search_item')
              .values(rows)
              .onConflict((conflict) =>
                conflict.columns(['user_id', 'family', 'item_id']).doUpdateSet((eb) => ({
                  title: eb.ref('excluded.title'),
                  content: eb.ref('excluded.content'),
                  link: eb.ref('excluded.link'),
                  etag: eb.ref('excluded.etag'),
                  modified_at: eb.ref('excluded.modified_at'),
                  indexed_at: eb.ref('excluded.indexed_at'),
                  ...(postgres ? { search_vector: eb.ref('excluded.search_vector') } : {}),
                })),
              )
              .execute();
          }
        });
      }),
    deleteItems: (userId, family, ids) =>
      guarded(async () => {
        if (ids.length === 0) return;
        await db.transaction().execute(async (trx) => {
          for (const chunk of chunks(ids, 500)) {
            await trx
              .deleteFrom('search_item')
              .where('user_id', '=', userId)
              .where('family', '=', family)
              .where('item_id', 'in', chunk)
              .execute();
          }
        });
      }),
    listItemStates: (userId, family) =>
      guarded(async () => {
        const rows = await db
          .selectFrom('search_item')
          .select(['item_id', 'etag'])
          .where('user_id', '=', userId)
          .where('family', '=', family)
          .execute();
        return new Map(rows.map((row) => [row.item_id, row.etag]));
      }),
    search: (userId, query, searchOptions = {}) =>
      guarded(async () => {
        const terms = searchTerms(query);
        if (terms.length === 0) return [];
        const limit = Math.min(Math.max(Math.trunc(searchOptions.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
        const rows = await runSearch(db, {
          userId,
          terms,
          families: searchOptions.families,
          modifiedSince: searchOptions.modifiedSince,
          limit,
        });
        return rows.map((row) => ({
          family: row.family as IndexFamily,
          id: row.item_id,
          title: row.title,
          link: row.link,
          modifiedAt: Number(row.modified_at),
          snippet: buildSnippet(row.excerpt ?? '', terms),
          score: Number(row.score),
        }));
      }),
    counts: (userId) =>
      guarded(async () => {
        const rows = await db
          .selectFrom('search_item')
          .select((eb) => ['family', eb.fn.countAll<number | string>().as('count')])
          .where('user_id', '=', userId)
          .groupBy('family')
          .execute();
        return Object.fromEntries(rows.map((row) => [row.family, Number(row.count)]));
      }),
    recordSync: (userId, outcome) =>
      guarded(async () => {
        const row = {
          user_id: userId,
          state: outcome.state,
          synced_at: Math.trunc(outcome.at),
          items: outcome.items,
          errors: JSON.stringify(boundedErrors(outcome.errors)),
        };
        await db
          .insertInto('search_sync')
          .values(row)
          .onConflict((conflict) =>
            conflict.column('user_id').doUpdateSet({
              state: row.state,
              synced_at: row.synced_at,
              items: row.items,
              errors: row.errors,
            }),
          )
          .execute();
      }),
    syncStatus: (userId) =>
      guarded(async () => {
        const row = await db
          .selectFrom('search_sync')
          .selectAll()
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (row === undefined) return undefined;
        return {
          at: Number(row.synced_at),
          state: row.state as SyncOutcome['state'],
          items: Number(row.items),
          errors: JSON.parse(row.errors) as string[],
        };
      }),
    forgetUser: (userId) =>
      guarded(async () => {
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('search_item').where('user_id', '=', userId).execute();
          await trx.deleteFrom('search_sync').where('user_id', '=', userId).execute();
          await trx.deleteFrom('sync_state').where('user_id', '=', userId).execute();
        });
      }),
    close: () => connection.close(),
  };
}
