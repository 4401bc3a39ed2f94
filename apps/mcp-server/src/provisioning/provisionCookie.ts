import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** The cookie that binds a browser-page consent to the browser that started it. */
export const PROVISION_COOKIE = 'nc_mcp_provision';
/** Where the cookie is sent: the page and the callback, nothing else. */
export const PROVISION_COOKIE_PATH = '/';
const MAX_AGE_SECONDS = 10 * 60;

/** Sets a fresh random binding (HttpOnly, SameSite=Lax so the IdP's redirect back carries it) and returns it. */
export function setProvisionCookie(res: Response, secure: boolean): string {
  const binding = randomBytes(32).toString('base64url');
  res.append(
    'Set-Cookie',
    `${PROVISION_COOKIE}=${binding}; Path=${PROVISION_COOKIE_PATH}; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
  return binding;
}

/** Clears the binding once the flow ended, whatever the outcome. */
export function clearProvisionCookie(res: Response, secure: boolean): void {
  res.append(
    'Set-Cookie',
    `${PROVISION_COOKIE}=; Path=${PROVISION_COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
  );
}

/** The binding the browser sent, when it sent exactly one well-formed value. */
export function provisionCookieOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${PROVISION_COOKIE}=`))
    .map((part) => part.slice(PROVISION_COOKIE.length + 1));
  const [value] = values;
  return values.length === 1 && value !== undefined && /^[A-Za-z0-9_-]{32,128}$/.test(value)
    ? value
    : undefined;
}
