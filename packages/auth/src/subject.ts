import type { VerifiedToken } from './verifiedToken.js';

/** Who a verified token speaks for; stored in `AuthInfo.extra` by the verifier. */
export interface VerifiedSubject {
  /** The IdP's `sub`. */
  subject: string;
  /** `preferred_username` (JWT) or `username` (introspection), when the IdP sent one. */
  username?: string;
  /** Every `aud` value of the token. */
  audience: string[];
  tokenType: 'jwt' | 'opaque';
}

/** `AuthInfo` did not come from this package's verifier (a wiring bug, not a bad token). */
export class MissingSubjectError extends Error {
  readonly code = 'missing_subject';
  readonly retryable = false;
  constructor() {
    super('AuthInfo carries no verified subject; was the request authenticated by @nc-mcp/auth?');
    this.name = 'MissingSubjectError';
  }
}

/** Reads the {@link VerifiedSubject} the verifier put into `AuthInfo.extra`; throws if it is absent. */
export function subjectOf(authInfo: Pick<VerifiedToken, 'token' | 'extra'>): VerifiedSubject {
  const extra = authInfo.extra;
  if (
    !extra ||
    typeof extra.subject !== 'string' ||
    extra.subject === '' ||
    !Array.isArray(extra.audience) ||
    (extra.tokenType !== 'jwt' && extra.tokenType !== 'opaque') ||
    (extra.username !== undefined && typeof extra.username !== 'string')
  ) {
    throw new MissingSubjectError();
  }
  return {
    subject: extra.subject,
    ...(typeof extra.username === 'string' ? { username: extra.username } : {}),
    audience: extra.audience.filter((value): value is string => typeof value === 'string'),
    tokenType: extra.tokenType,
  };
}
