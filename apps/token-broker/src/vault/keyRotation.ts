import type { Kysely } from 'kysely';
import { grantContext } from './grantRows.js';
import { pendingContext } from './pendingRows.js';
import type { TokenCipher } from './tokenCipher.js';
import type { VaultDatabase } from './vaultSchema.js';
import { sealedColumns, sealedOf } from './vaultSchema.js';

const BATCH = 200;
// A row rewritten concurrently (e.g. a refresh on a replica that still seals under an old key) is
// missed by one pass; a few passes settle it, and the CLI can always be run again.
const PASSES = 3;

/** One pass over the grants not under the current key; returns [rewritten, missed]. */
async function rotateGrants(db: Kysely<VaultDatabase>, cipher: TokenCipher): Promise<[number, number]> {
  let rewritten = 0;
  let missed = 0;
  let after: { issuer: string; subject: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom('vault_grant')
      .select(['issuer', 'subject', 'key_id', 'iv', 'ciphertext', 'auth_tag'])
      .where('key_id', '<>', cipher.currentKeyId)
      .orderBy('issuer')
      .orderBy('subject')
      .limit(BATCH);
    const last = after;
    if (last !== undefined) {
      query = query.where((eb) =>
        eb(eb.refTuple('issuer', 'subject'), '>', eb.tuple(last.issuer, last.subject)),
      );
    }
    const rows = await query.execute();
    for (const row of rows) {
      const context = grantContext(row);
      const result = await db
        .updateTable('vault_grant')
        .set(sealedColumns(cipher.seal(cipher.open(sealedOf(row), context), context)))
        .where('issuer', '=', row.issuer)
        .where('subject', '=', row.subject)
        .where('iv', '=', row.iv)
        .where('auth_tag', '=', row.auth_tag)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) rewritten += 1;
      else missed += 1;
    }
    after = rows.at(-1);
    if (rows.length < BATCH) return [rewritten, missed];
  }
}

/** One pass over the pending requests not under the current key; returns [rewritten, missed]. */
async function rotatePending(db: Kysely<VaultDatabase>, cipher: TokenCipher): Promise<[number, number]> {
  let rewritten = 0;
  let missed = 0;
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('vault_pending')
      .select([
        'state_hash',
        'issuer',
        'subject',
        'browser_binding',
        'key_id',
        'iv',
        'ciphertext',
        'auth_tag',
      ])
      .where('key_id', '<>', cipher.currentKeyId)
      .orderBy('state_hash')
      .limit(BATCH);
    if (after !== undefined) query = query.where('state_hash', '>', after);
    const rows = await query.execute();
    for (const row of rows) {
      const context = pendingContext(row);
      const result = await db
        .updateTable('vault_pending')
        .set(sealedColumns(cipher.seal(cipher.open(sealedOf(row), context), context)))
        .where('state_hash', '=', row.state_hash)
        .where('iv', '=', row.iv)
        .where('auth_tag', '=', row.auth_tag)
        .executeTakeFirst();
      // A pending row taken meanwhile is gone, which is as good as rotated.
      if (Number(result.numUpdatedRows) === 1) rewritten += 1;
      else missed += 1;
    }
    after = rows.at(-1)?.state_hash;
    if (rows.length < BATCH) return [rewritten, missed];
  }
}

/** Re-encrypts every grant and pending row not under the cipher's current key; returns how many it rewrote. */
export async function rotateVaultKeys(db: Kysely<VaultDatabase>, cipher: TokenCipher): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < PASSES; pass += 1) {
    const [grants, grantsMissed] = await rotateGrants(db, cipher);
    const [pending, pendingMissed] = await rotatePending(db, cipher);
    total += grants + pending;
    if (grantsMissed + pendingMissed === 0) break;
  }
  return total;
}
