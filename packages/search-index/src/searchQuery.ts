import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { IndexFamily } from './indexItem.js';
import type { IndexDatabase } from './indexSchema.js';
import { toFts5Match } from './searchTerms.js';
import { SNIPPET_WINDOW_CHARS } from './snippet.js';

/** A search as both dialects run it: the caller's user id, plain terms, and filters. */
export interface SearchRequest {
  userId: string;
  terms: readonly string[];
  families: readonly IndexFamily[] | undefined;
  modifiedSince: number | undefined;
  limit: number;
}

/** A raw hit row (bigint columns come back as strings on PostgreSQL). */
export interface HitRow {
  family: string;
  item_id: string;
  title: string;
  link: string;
  modified_at: number | string;
  /** The start of the content, for {@link buildSnippet}. */
  excerpt: string | null;
  score: number | string;
}

/** Runs a ranked full-text search for one user; one implementation per dialect. */
export type SearchQuery = (db: Kysely<IndexDatabase>, request: SearchRequest) => Promise<HitRow[]>;

function filters(request: SearchRequest, column: (name: string) => RawBuilder<unknown>): RawBuilder<unknown> {
  const parts = [sql`${column('user_id')} = ${request.userId}`];
  if (request.families !== undefined && request.families.length > 0) {
    parts.push(sql`${column('family')} IN (${sql.join(request.families)})`);
  }
  if (request.modifiedSince !== undefined)
    parts.push(sql`${column('modified_at')} >= ${request.modifiedSince}`);
  return sql.join(parts, sql` AND `);
}

/** SQLite FTS5: bm25 with the title weighted ten times the content. */
export const sqliteSearch: SearchQuery = async (db, request) => {
  const column = (name: string) => sql.ref(`i.${name}`);
  const result = await sql<HitRow>`
    SELECT i.family, i.item_id, i.title, i.link, i.modified_at,
           substr(i.content, 1, ${SNIPPET_WINDOW_CHARS}) AS excerpt,
           -bm25(search_item_fts, 10.0, 1.0) AS score
    FROM search_item_fts JOIN search_item AS i ON i.rowid = search_item_fts.rowid
    WHERE search_item_fts MATCH ${toFts5Match(request.terms)} AND ${filters(request, column)}
    ORDER BY score DESC, i.modified_at DESC
    LIMIT ${request.limit}`.execute(db);
  return result.rows;
};

/** PostgreSQL: websearch_to_tsquery over the stored tsvector (title weighted above content). */
export function postgresSearch(schema: string): SearchQuery {
  const table = sql.table(`${schema}.search_item`);
  return async (db, request) => {
    const column = (name: string) => sql.ref(`i.${name}`);
    const result = await sql<HitRow>`
      WITH q AS (SELECT websearch_to_tsquery('simple'::regconfig, ${request.terms.join(' ')}) AS query)
      SELECT i.family, i.item_id, i.title, i.link, i.modified_at,
             left(i.content, ${SNIPPET_WINDOW_CHARS}) AS excerpt,
             ts_rank(i.search_vector, q.query) AS score
      FROM ${table} AS i, q
      WHERE i.search_vector @@ q.query AND ${filters(request, column)}
      ORDER BY score DESC, i.modified_at DESC
      LIMIT ${request.limit}`.execute(db);
    return result.rows;
  };
}

/**
 * PostgreSQL's tsvector of an item, from folded text (see foldText) so that accents and case match as
 * on SQLite; the title weighs more than the content.
 */
export function postgresVector(foldedTitle: string, foldedContent: string): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple'::regconfig, ${foldedTitle}), 'A') || setweight(to_tsvector('simple'::regconfig, ${foldedContent}), 'B')`;
}
