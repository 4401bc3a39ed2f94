import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { VaultConnection } from './openVaultDatabase.js';
import type { GrantOwner } from './refreshTokenVault.js';

/** Runs `work` while no other holder of the same owner's lock runs; see {@link createGrantLock}. */
export type GrantLock = <T>(owner: GrantOwner, work: () => Promise<T>) => Promise<T>;

/**
 * One holder per user at a time. In this process, a promise chain per owner (so concurrent calls do not
 * each take a pool connection); on PostgreSQL, also a session advisory lock on a dedicated connection,
 * which every broker replica sharing the database respects. SQLite is one broker's own file, so the
 * in-process chain is the whole lock there.
 */
export function createGrantLock(connection: VaultConnection): GrantLock {
  const tails = new Map<string, Promise<unknown>>();
  const across = async <T>(owner: GrantOwner, work: () => Promise<T>): Promise<T> => {
    if (connection.backend !== 'postgres') return work();
    const key = advisoryKey(owner);
    return connection.db.connection().execute(async (db) => {
      await sql`select pg_advisory_lock(${key})`.execute(db);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(db);
      }
    });
  };
  return <T>(owner: GrantOwner, work: () => Promise<T>): Promise<T> => {
    const id = `${owner.issuer}\u0000${owner.subject}`;
    const previous = tails.get(id) ?? Promise.resolve();
    const run = previous.then(
      () => across(owner, work),
      () => across(owner, work),
    );
    const tail = run.catch(() => undefined);
    tails.set(id, tail);
    void tail.then(() => {
      if (tails.get(id) === tail) tails.delete(id);
    });
    return run;
  };
}

/** A signed 64-bit advisory-lock key from the owner (collisions only ever serialise two users). */
function advisoryKey(owner: GrantOwner): string {
  const digest = createHash('sha256')
    .update(`nc-mcp-grant\u0000${owner.issuer}\u0000${owner.subject}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}
