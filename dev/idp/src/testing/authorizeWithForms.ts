import { CookieJar } from './cookieJar.js';
import { DevIdpFlowError } from './devIdpFlowError.js';

const MAX_STEPS = 20;

/** Credentials typed into the dev IdP's login form. */
export interface FormCredentials {
  username: string;
  password: string;
}

/**
 * Drives an authorization request through the dev IdP's login and consent forms the way a browser without
 * JavaScript would (cookie jar, redirects followed by hand), and returns the URL the IdP finally redirects
 * to: the client's `redirect_uri` with `code` and `state`, or with `error`. Throws {@link DevIdpFlowError}
 * when the login is rejected or the IdP answers with an error page instead of a redirect.
 */
export async function authorizeWithForms(
  authorizationUrl: string | URL,
  creds: FormCredentials,
): Promise<URL> {
  const start = new URL(authorizationUrl);
  const redirectUri = URL.parse(start.searchParams.get('redirect_uri') ?? '');
  const jar = new CookieJar();
  let url = start;
  let body: URLSearchParams | undefined;
  let loginSubmitted = false;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const cookie = jar.header(url);
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    jar.store(url, response);

    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location)
        throw new DevIdpFlowError('unexpected_response', 'redirect without Location', {
          status: response.status,
        });
      const next = new URL(location, url);
      if (next.origin !== start.origin || (redirectUri && sameEndpoint(next, redirectUri))) return next;
      url = next;
      body = undefined;
      continue;
    }

    const html = await response.text();
    const form = parseForm(html, url);
    if (loginSubmitted && form?.kind === 'login') {
      throw new DevIdpFlowError('login_rejected', `login as ${creds.username} was rejected`, {
        status: response.status,
      });
    }
    if (!response.ok || !form) {
      const oauthError = /id="error">([^<]*)</.exec(html)?.[1];
      throw new DevIdpFlowError(
        oauthError ? 'authorization_refused' : 'unexpected_response',
        `the IdP answered ${response.status}${oauthError ? ` (${oauthError})` : ''} at ${url.pathname}`,
        { status: response.status, ...(oauthError ? { oauthError } : {}) },
      );
    }
    if (form.kind === 'login') {
      loginSubmitted = true;
      body = new URLSearchParams({ username: creds.username, password: creds.password });
    } else {
      body = new URLSearchParams({ allow: 'yes' });
    }
    url = form.action;
  }
  throw new DevIdpFlowError('too_many_redirects', `no final redirect after ${MAX_STEPS} steps`);
}

function sameEndpoint(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.pathname === b.pathname;
}

function parseForm(html: string, base: URL): { kind: 'login' | 'consent'; action: URL } | undefined {
  const tag = /<form\b[^>]*\baction="([^"]*)"[^>]*>/i.exec(html);
  if (!tag?.[1]) return undefined;
  const action = new URL(tag[1].replaceAll('&amp;', '&'), base);
  return { kind: /\bname="password"/.test(html) ? 'login' : 'consent', action };
}
