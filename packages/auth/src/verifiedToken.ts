/**
 * What the verifier establishes about an access token. Shaped like the MCP SDK's `AuthInfo` (any SDK
 * version), so the server can hand it to the SDK as it is, without this package depending on an SDK.
 */
export interface VerifiedToken {
  /** The access token itself (kept for pass-through and exchange; never logged). */
  token: string;
  clientId: string;
  /** The token's scopes narrowed to what the client may use. */
  scopes: string[];
  /** `exp`, in seconds since the epoch. */
  expiresAt?: number;
  /** This server's canonical resource (RFC 8707). */
  resource?: URL;
  /** Holds the {@link VerifiedSubject} (see `subjectOf`). */
  extra?: Record<string, unknown>;
}

/** Verifies access tokens; throws `TokenVerificationError` for every refused token. */
export interface TokenVerifier {
  verifyAccessToken(token: string): Promise<VerifiedToken>;
}
