import type { Logger } from '@nc-mcp/logger';

/** The user a grant belongs to: always the verified token's issuer + sub. */
export interface GrantOwner {
  issuer: string;
  subject: string;
}

/** A user's stored offline grant, with its refresh token decrypted. */
export interface StoredGrant extends GrantOwner {
  refreshToken: string;
  /** Resource scopes granted. */
  scopes: string[];
  /** Which MCP client (or 'provision-page') provisioned it. */
  clientId: string;
  /** Unix ms. */
  grantedAt: number;
  /** Unix ms, last time the refresh token was replaced. */
  updatedAt: number;
  /** Unix ms. */
  lastUsedAt: number | undefined;
}

/** What {@link RefreshTokenVault.saveGrant} stores. */
export interface NewGrant extends GrantOwner {
  refreshToken: string;
  scopes: string[];
  clientId: string;
  grantedAt: number;
}

/** A Flow 2 authorization request waiting for its callback; kept server-side, used once. */
export interface PendingProvisioning {
  /** The raw state; only its SHA-256 (hex) is stored, as the key. */
  state: string;
  /** Bound user (undefined when bound to a browser instead). */
  owner: GrantOwner | undefined;
  /** SHA-256 hex of a browser cookie value (undefined when bound to a user). */
  browserBinding: string | undefined;
  clientId: string;
  scopes: string[];
  /** PKCE verifier: stored encrypted. */
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  /** Unix ms. */
  createdAt: number;
  /** Unix ms. */
  expiresAt: number;
}

/** The broker's encrypted store of offline grants and pending provisioning requests. */
export interface RefreshTokenVault {
  /** Inserts or replaces the owner's row. */
  saveGrant(grant: NewGrant): Promise<void>;
  findGrant(owner: GrantOwner): Promise<StoredGrant | undefined>;
  /** Rotation: replaces the token only if the stored one still equals `previous` (compare-and-swap); returns whether it did. */
  replaceRefreshToken(owner: GrantOwner, previous: string, next: string, at: number): Promise<boolean>;
  markUsed(owner: GrantOwner, at: number): Promise<void>;
  /** True when a row was deleted. */
  deleteGrant(owner: GrantOwner): Promise<boolean>;
  /** Ordered by issuer, subject; `after` is the last owner of the previous page. */
  listGrantOwners(page: { after?: GrantOwner; limit: number }): Promise<GrantOwner[]>;
  /** Like listGrantOwners, with each grant's scopes and time, without decrypting any token. */
  listGrants(page: { after?: GrantOwner; limit: number }): Promise<GrantSummary[]>;
  /**
   * Runs `work` as the only holder of the owner's lock: in this process and, on PostgreSQL, across every
   * broker replica (a refresh-token rotation must never run twice at once for one user).
   */
  withGrantLock<T>(owner: GrantOwner, work: () => Promise<T>): Promise<T>;
  savePending(request: PendingProvisioning): Promise<void>;
  /** Single use: atomically deletes and returns the request for `state` (even if expired — the caller checks expiresAt), or undefined. Two concurrent takes of one state: exactly one gets it. */
  takePending(state: string): Promise<PendingProvisioning | undefined>;
  /** Deletes requests whose `expiresAt` is at or before `now`; returns how many. */
  purgeExpiredPending(now: number): Promise<number>;
  /** Re-encrypts every row (grants and pending) under the first key; returns how many rows were rewritten. */
  rotateKeys(): Promise<{ rewritten: number }>;
  close(): Promise<void>;
}

/** A stored grant without its token. */
export interface GrantSummary extends GrantOwner {
  scopes: string[];
  clientId: string;
  /** Unix ms. */
  grantedAt: number;
}

/** Opens storage only on first use. */
export interface LazyVault {
  /** Opens (creating the SQLite file / PostgreSQL tables and running migrations) on first call; later calls share the same instance. A failed open is not cached (the next call tries again). */
  get(): Promise<RefreshTokenVault>;
  /** Whether storage was opened. */
  readonly opened: boolean;
  close(): Promise<void>;
}

/** Where and how the vault stores its rows. */
export interface VaultOptions {
  /** BROKER_DATA_DIR: holds `vault.sqlite` when no database URL is given. */
  dataDir: string;
  /** DATABASE_URL (postgres://): when set, PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** Raw TOKEN_ENCRYPTION_KEYS; parsed when the vault opens. */
  encryptionKeys: string | undefined;
  logger: Logger;
  /** PostgreSQL schema (tests use a unique one per run); default public */
  schema?: string;
}
