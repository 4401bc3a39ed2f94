import type { Logger } from '@nc-mcp/logger';
import type { ContentionOptions } from './notes/contention.js';

/** A profile for a Basic-auth user (bearer users take theirs from the token's `name` / `email`). */
export interface DevNextcloudUserProfile {
  displayName?: string;
  email?: string;
}

/** Options of the Nextcloud test double; the bearer settings mirror a user_oidc provider with bearer checking. */
export interface DevNextcloudOptions {
  /** OIDC issuer; `jwks_uri` is discovered from `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** The token's `aud` (string or array) must include it; default `nextcloud`. */
  audience?: string;
  /** `username`: uid = `preferred_username` (else `sub`); `hashed`: hex sha256(`<providerId>_0_<sub>`). Default `username`. */
  userIdMode?: 'username' | 'hashed';
  /** user_oidc provider id used by the hashed uid; default 1. */
  providerId?: number;
  /** username → app password, for Basic auth. */
  appPasswords?: Readonly<Record<string, string>>;
  /** Display name / email of Basic-auth users (default: the uid, no email). */
  users?: Readonly<Record<string, DevNextcloudUserProfile>>;
  /** Milliseconds since the epoch for file and note timestamps (tests); default `Date.now`. Token expiry always uses real time. */
  clock?: () => number;
  logger?: Logger;
  /**
   * Off by default. When given, concurrent writes contend as on a real Nextcloud: a Notes PUT holds its
   * file's lock for `putLockMs` and other PUTs to that file get 423 Locked meanwhile; a create into a new
   * category folder takes `mkdirMs` and other creates into that folder get a 500 meanwhile (once each).
   * See {@link ContentionOptions}.
   */
  contention?: ContentionOptions;
  /**
   * Which optional Nextcloud apps are installed and enabled; each defaults to `true`. Without `notes`, the
   * capabilities omit `notes` and the Notes API answers 404 like any route Nextcloud does not know
   * (a disabled app's routes are not registered); the `Notes/` folder stays an ordinary WebDAV folder.
   * Without `files_sharing`, the capabilities omit it and its OCS routes answer 998 like unknown ones.
   */
  apps?: DevNextcloudApps;
}

/** The optional apps of the test double (see {@link DevNextcloudOptions.apps}). */
export interface DevNextcloudApps {
  notes?: boolean;
  /** Shares and public links (OCS `apps/files_sharing`), named like the Nextcloud app. */
  files_sharing?: boolean;
}
