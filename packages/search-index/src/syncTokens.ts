import type { Kysely } from 'kysely';
import type { IndexDatabase } from './indexSchema.js';

/** The per-collection sync tokens of {@link SearchIndex}, which are kept beside the items they describe. */
export interface SyncTokenStore {
  /** The token remembered for one collection of the user, or undefined. */
  getSyncToken(userId: string, key: string): Promise<string | undefined>;
  /** Remembers a collection's token; `undefined` forgets it. */
  setSyncToken(userId: string, key: string, token: string | undefined): Promise<void>;
  /** Every remembered token of the user whose key starts with `keyPrefix` (key → token). */
  listSyncTokens(userId: string, keyPrefix: string): Promise<Map<string, string>>;
}

// Collection keys are short (a family and a collection name); a longer one is a caller's bug.
const MAX_KEY_CHARS = 600;
const MAX_TOKEN_CHARS = 2000;

function checked(key: string): string {
  if (key === '' || key.length > MAX_KEY_CHARS) {
    throw new RangeError('sync state key must be 1–600 characters');
  }
  return key;
}

/** Builds the token methods over the index's database; `guarded` translates driver errors. */
export function createSyncTokenStore(
  db: Kysely<IndexDatabase>,
  guarded: <T>(work: () => Promise<T>) => Promise<T>,
): SyncTokenStore {
  return {
    getSyncToken: (userId, key) =>
      guarded(async () => {
        const row = await db
          .selectFrom('sync_state')
          .select('sync_token')
          .where('user_id', '=', userId)
          .where('collection_key', '=', checked(key))
          .executeTakeFirst();
        return row?.sync_token;
      }),
    setSyncToken: (userId, key, token) =>
      guarded(async () => {
        if (token === undefined) {
          await db
            .deleteFrom('sync_state')
            .where('user_id', '=', userId)
            .where('collection_key', '=', checked(key))
            .execute();
          return;
        }
        if (token.length > MAX_TOKEN_CHARS) throw new RangeError('sync token too long');
        const row = {
          user_id: userId,
          collection_key: checked(key),
          sync_token: token,
          updated_at: Date.now(),
        };
        await db
          .insertInto('sync_state')
          .values(row)
          .onConflict((conflict) =>
            conflict
              .columns(['user_id', 'collection_key'])
              .doUpdateSet({ sync_token: row.sync_token, updated_at: row.updated_at }),
          )
          .execute();
      }),
    listSyncTokens: (userId, keyPrefix) =>
      guarded(async () => {
        const rows = await db
          .selectFrom('sync_state')
          .select(['collection_key', 'sync_token'])
          .where('user_id', '=', userId)
          .execute();
        // Filtered here rather than with LIKE: keys may contain `%` and `_`.
        return new Map(
          rows
            .filter((row) => row.collection_key.startsWith(keyPrefix))
            .map((row) => [row.collection_key, row.sync_token]),
        );
      }),
  };
}
