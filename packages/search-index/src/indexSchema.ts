import type { ColumnType } from 'kysely';

// PostgreSQL returns BIGINT as a string, SQLite as a number: rows are read through Number().
type Millis = ColumnType<number | string | bigint, number, number>;

/** `search_item`: one indexed item of one user. On SQLite an FTS5 table mirrors title and content. */
export interface ItemTable {
  user_id: string;
  family: string;
  item_id: string;
  title: string;
  content: string;
  link: string;
  etag: string;
  modified_at: Millis;
  indexed_at: Millis;
  /** PostgreSQL only (see postgresVector); SQLite keeps its FTS5 table instead. */
  search_vector: ColumnType<unknown, unknown, unknown>;
}

/** `search_sync`: the outcome of a user's last sync. */
export interface SyncTable {
  user_id: string;
  state: string;
  synced_at: Millis;
  items: number;
  /** JSON array of short error strings. */
  errors: string;
}

/** `sync_state`: the last RFC 6578 sync token of one collection of a user (e.g. `calendar/personal`). */
export interface SyncStateTable {
  user_id: string;
  collection_key: string;
  sync_token: string;
  updated_at: Millis;
}

/** The index's tables, as Kysely sees them. */
export interface IndexDatabase {
  search_item: ItemTable;
  search_sync: SyncTable;
  sync_state: SyncStateTable;
}
