import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  GrantOwner,
  GrantSummary,
  NewGrant,
  RefreshTokenVault,
  StoredGrant,
} from './refreshTokenVault.js';
import type { SealContext, TokenCipher } from './tokenCipher.js';
import type { VaultDatabase } from './vaultSchema.js';
import { sealedColumns, sealedOf, toMillis } from './vaultSchema.js';

/** The grant half of the vault: what RefreshTokenVault does with `vault_grant` rows. */
export type GrantRows = Pick<
  RefreshTokenVault,
  | 'saveGrant'
  | 'findGrant'
  | 'replaceRefreshToken'
  | 'markUsed'
  | 'deleteGrant'
  | 'listGrantOwners'
  | 'listGrants'
>;

/** A grant's ciphertext is bound to its kind and owner: copied to another user, it no longer opens. */
export function grantContext(owner: GrantOwner): SealContext {
  return ['grant', owner.issuer, owner.subject];
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

// A compare-and-swap loses only to a concurrent write; a re-encryption (same token, new IV) is retried.
const REPLACE_ATTEMPTS = 5;

/** Builds the grant operations over an open database; `run` translates driver errors. */
export function createGrantRows(
  db: Kysely<VaultDatabase>,
  cipher: TokenCipher,
  run: <T>(work: () => Promise<T>) => Promise<T>,
): GrantRows {
  const ofOwner = (owner: GrantOwner) =>
    db.selectFrom('vault_grant').where('issuer', '=', owner.issuer).where('subject', '=', owner.subject);

  const listGrants = ({ after, limit }: { after?: GrantOwner; limit: number }) =>
    run(async (): Promise<GrantSummary[]> => {
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
      let query = db
        .selectFrom('vault_grant')
        .select(['issuer', 'subject', 'scopes', 'client_id', 'granted_at'])
        .orderBy('issuer')
        .orderBy('subject')
        .limit(limit);
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('issuer', 'subject'), '>', eb.tuple(after.issuer, after.subject)),
        );
      }
      const rows = await query.execute();
      return rows.map((row) => ({
        issuer: row.issuer,
        subject: row.subject,
        scopes: row.scopes.split(' ').filter((scope) => scope !== ''),
        clientId: row.client_id,
        grantedAt: toMillis(row.granted_at),
      }));
    });

  return {
    saveGrant: (grant: NewGrant) =>
      run(async () => {
        const columns = {
          scopes: grant.scopes.join(' '),
          client_id: grant.clientId,
          ...sealedColumns(cipher.seal(grant.refreshToken, grantContext(grant))),
          granted_at: grant.grantedAt,
          updated_at: grant.grantedAt,
          last_used_at: null,
        };
        await db
          .insertInto('vault_grant')
          .values({ issuer: grant.issuer, subject: grant.subject, ...columns })
          .onConflict((conflict) => conflict.columns(['issuer', 'subject']).doUpdateSet(columns))
          .execute();
      }),

    findGrant: (owner) =>
      run(async () => {
        const row = await ofOwner(owner).selectAll().executeTakeFirst();
        if (row === undefined) return undefined;
        const grant: StoredGrant = {
          issuer: row.issuer,
          subject: row.subject,
          refreshToken: cipher.open(sealedOf(row), grantContext(row)),
          scopes: row.scopes.split(' ').filter((scope) => scope !== ''),
          clientId: row.client_id,
          grantedAt: toMillis(row.granted_at),
          updatedAt: toMillis(row.updated_at),
          lastUsedAt: row.last_used_at === null ? undefined : toMillis(row.last_used_at),
        };
        return grant;
      }),

    replaceRefreshToken: (owner, previous, next, at) =>
      run(async () => {
        for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt += 1) {
          const row = await ofOwner(owner)
            .select(['key_id', 'iv', 'ciphertext', 'auth_tag'])
            .executeTakeFirst();
          if (row === undefined) return false;
          if (!sameSecret(cipher.open(sealedOf(row), grantContext(owner)), previous)) return false;
          // The IV and tag are fresh for every encryption, so they identify the version that was read.
          const result = await db
            .updateTable('vault_grant')
            .set({ ...sealedColumns(cipher.seal(next, grantContext(owner))), updated_at: at })
            .where('issuer', '=', owner.issuer)
            .where('subject', '=', owner.subject)
            .where('iv', '=', row.iv)
            .where('auth_tag', '=', row.auth_tag)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 1) return true;
        }
        return false;
      }),

    markUsed: (owner, at) =>
      run(async () => {
        await db
          .updateTable('vault_grant')
          .set({ last_used_at: at })
          .where('issuer', '=', owner.issuer)
          .where('subject', '=', owner.subject)
          .execute();
      }),

    deleteGrant: (owner) =>
      run(async () => {
        const result = await db
          .deleteFrom('vault_grant')
          .where('issuer', '=', owner.issuer)
          .where('subject', '=', owner.subject)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      }),

    listGrantOwners: async (page) =>
      (await listGrants(page)).map((grant) => ({ issuer: grant.issuer, subject: grant.subject })),

    listGrants: (page) => listGrants(page),
  };
}
