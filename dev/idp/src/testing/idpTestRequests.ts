// Shared by this package's integration tests only; not part of the public API.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { DEMO_CLIENT_ID } from '../clients.js';
import type { DevIdp } from '../startDevIdp.js';
import { CookieJar } from './cookieJar.js';
import { DEFAULT_TEST_REDIRECT_URI } from './obtainTokens.js';

/** A fresh S256 PKCE pair. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization URL for the demo client; `overrides` set or (with `undefined`) remove parameters. */
export function authorizationUrl(idp: DevIdp, overrides: Record<string, string | undefined> = {}): URL {
  const url = new URL(`${idp.issuer}/auth`);
  const defaults: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: DEMO_CLIENT_ID,
    redirect_uri: DEFAULT_TEST_REDIRECT_URI,
    scope: 'openid',
    state: 'state-1',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries({ ...defaults, ...overrides })) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url;
}

/** Verifies a JWT against the IdP's served JWKS and issuer, the way a resource server would. */
export async function verifyWithIdpJwks(idp: DevIdp, token: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  const { payload } = await jwtVerify(token, jwks, {
    issuer: idp.issuer,
    typ: 'at+jwt',
    algorithms: ['RS256'],
  });
  return payload;
}

/** POSTs a form to an IdP endpoint and returns status and parsed JSON. */
export async function postForm(
  url: string,
  form: Record<string, string | string[]>,
  basicAuth?: { username: string; password: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  const headers: Record<string, string> = {};
  if (basicAuth) {
    const encoded = `${encodeURIComponent(basicAuth.username)}:${encodeURIComponent(basicAuth.password)}`;
    headers.authorization = `Basic ${Buffer.from(encoded).toString('base64')}`;
  }
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Drives an authorization request up to the consent page (login included) like a browser without JavaScript,
 * and returns that page's HTML.
 */
export async function openConsentPage(
  authorization: URL,
  creds: { username: string; password: string },
): Promise<string> {
  const jar = new CookieJar();
  let url = authorization;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 10; step += 1) {
    const cookie = jar.header(url);
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url);
      body = undefined;
      continue;
    }
    const html = await response.text();
    if (!/name="password"/.test(html)) return html;
    const action = /<form\b[^>]*\baction="([^"]*)"/.exec(html)?.[1] ?? '';
    url = new URL(action, url);
    body = new URLSearchParams(creds);
  }
  throw new Error('no consent page after 10 steps');
}
