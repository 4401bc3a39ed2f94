import type { NextFunction, Request, Response } from 'express';
import type { UserAccount, UserStore } from '../store/userStore.js';
import { checkAppPassword, parseBasic } from './basic.js';
import type { BearerVerifier } from './bearer.js';

/** Which credential a request carried; decides Nextcloud's CSRF/CORS rules and 401 wording. */
export type AuthMethod = 'basic' | 'bearer';

/** The outcome of authenticating one request. */
export type AuthState =
  | { readonly user: UserAccount; readonly method: AuthMethod }
  | { readonly user: null; readonly attempted: AuthMethod | 'none' };

/** Dependencies of {@link createAuthenticator}. */
export interface AuthenticatorDeps {
  readonly store: UserStore;
  readonly appPasswords: Readonly<Record<string, string>>;
  readonly verifyBearer: BearerVerifier;
}

const LOCALS_KEY = 'devNextcloudAuth';

/** Middleware that authenticates every request (Basic app password or bearer) into `res.locals`. */
export function createAuthenticator(deps: AuthenticatorDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.locals[LOCALS_KEY] = await authenticate(req.get('authorization'), deps);
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function authenticate(header: string | undefined, deps: AuthenticatorDeps): Promise<AuthState> {
  if (!header) return { user: null, attempted: 'none' };
  const basic = parseBasic(header);
  if (basic) {
    if (!checkAppPassword(deps.appPasswords, basic)) return { user: null, attempted: 'basic' };
    return { user: deps.store.login(basic.user, 'basic'), method: 'basic' };
  }
  // Lowercase `bearer` works on Nextcloud too (auth/049).
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (!bearer?.[1]) return { user: null, attempted: 'none' };
  const identity = await deps.verifyBearer(bearer[1]);
  if (!identity) return { user: null, attempted: 'bearer' };
  const profile = {
    ...(identity.displayName ? { displayName: identity.displayName } : {}),
    ...(identity.email ? { email: identity.email } : {}),
  };
  return { user: deps.store.login(identity.uid, 'bearer', profile), method: 'bearer' };
}

/** The {@link AuthState} the authenticator stored for this response's request. */
export function authOf(res: Response): AuthState {
  const state = res.locals[LOCALS_KEY] as AuthState | undefined;
  return state ?? { user: null, attempted: 'none' };
}
