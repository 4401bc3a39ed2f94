import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { PendingProvisioning, RefreshTokenVault } from './refreshTokenVault.js';
import type { SealContext, TokenCipher } from './tokenCipher.js';
import { VaultError } from './vaultError.js';
import type { PendingTable, VaultDatabase } from './vaultSchema.js';
import { sealedColumns, sealedOf, toMillis } from './vaultSchema.js';

/** The pending half of the vault: what RefreshTokenVault does with `vault_pending` rows. */
export type PendingRows = Pick<RefreshTokenVault, 'savePending' | 'takePending' | 'purgeExpiredPending'>;

/** The row key: the state itself is a bearer secret until used, so only its SHA-256 is stored. */
export function stateHash(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** A pending request's ciphertext is bound to its kind, its state and whoever it is bound to. */
export function pendingContext(
  row: Pick<PendingTable, 'state_hash' | 'issuer' | 'subject' | 'browser_binding'>,
): SealContext {
  return ['pending', row.state_hash, row.issuer, row.subject, row.browser_binding];
}

/** What is sealed for a pending request: the PKCE verifier and the nonce. */
interface PendingSecrets {
  codeVerifier: string;
  nonce: string;
}

function toRequest(state: string, row: Selectable<PendingTable>, cipher: TokenCipher): PendingProvisioning {
  const secrets = JSON.parse(cipher.open(sealedOf(row), pendingContext(row))) as Partial<PendingSecrets>;
  if (typeof secrets.codeVerifier !== 'string' || typeof secrets.nonce !== 'string') {
    throw new VaultError('vault_corrupt', 'a pending provisioning row holds an unexpected payload');
  }
  return {
    state,
    owner:
      row.issuer !== null && row.subject !== null ? { issuer: row.issuer, subject: row.subject } : undefined,
    browserBinding: row.browser_binding ?? undefined,
    clientId: row.client_id,
    scopes: row.scopes.split(' ').filter((scope) => scope !== ''),
    codeVerifier: secrets.codeVerifier,
    nonce: secrets.nonce,
    redirectUri: row.redirect_uri,
    createdAt: toMillis(row.created_at),
    expiresAt: toMillis(row.expires_at),
  };
}

/** Builds the pending-request operations over an open database; `run` translates driver errors. */
export function createPendingRows(
  db: Kysely<VaultDatabase>,
  cipher: TokenCipher,
  run: <T>(work: () => Promise<T>) => Promise<T>,
): PendingRows {
  return {
    savePending: (request) =>
      run(async () => {
        const binding = {
          state_hash: stateHash(request.state),
          issuer: request.owner?.issuer ?? null,
          subject: request.owner?.subject ?? null,
          browser_binding: request.browserBinding ?? null,
        };
        const secrets: PendingSecrets = { codeVerifier: request.codeVerifier, nonce: request.nonce };
        await db
          .insertInto('vault_pending')
          .values({
            ...binding,
            client_id: request.clientId,
            scopes: request.scopes.join(' '),
            redirect_uri: request.redirectUri,
            ...sealedColumns(cipher.seal(JSON.stringify(secrets), pendingContext(binding))),
            created_at: request.createdAt,
            expires_at: request.expiresAt,
          })
          .execute();
      }),

    takePending: (state) =>
      run(async () => {
        // One statement, so two replicas taking the same state cannot both get the row.
        const row = await db
          .deleteFrom('vault_pending')
          .where('state_hash', '=', stateHash(state))
          .returningAll()
          .executeTakeFirst();
        return row === undefined ? undefined : toRequest(state, row, cipher);
      }),

    purgeExpiredPending: (now) =>
      run(async () => {
        const result = await db.deleteFrom('vault_pending').where('expires_at', '<=', now).executeTakeFirst();
        return Number(result.numDeletedRows);
      }),
  };
}
