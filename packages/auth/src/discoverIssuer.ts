/** The parts of an issuer's OIDC discovery / RFC 8414 metadata this project uses. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  authorization_endpoint?: string;
  introspection_endpoint?: string;
  revocation_endpoint?: string;
  registration_endpoint?: string;
  scopes_supported?: string[];
}

/** Issuer metadata could not be fetched or is not trustworthy. */
export class IssuerDiscoveryError extends Error {
  readonly code = 'issuer_discovery_failed';
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'IssuerDiscoveryError';
    this.retryable = options.retryable;
  }
}

/** Options for {@link discoverIssuer}. */
export interface DiscoverIssuerOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// Successful lookups are shared by every verifier and the token broker; failures are not cached, so the
// next call retries (an IdP that starts after us must not be remembered as down).
const cache = new Map<string, Promise<IssuerMetadata>>();

/** Fetches (once per issuer, then cached) the issuer's metadata: OIDC discovery, falling back to RFC 8414. */
export function discoverIssuer(issuer: string, opts: DiscoverIssuerOptions = {}): Promise<IssuerMetadata> {
  const cached = cache.get(issuer);
  if (cached) return cached;
  const pending = fetchMetadata(issuer, opts);
  cache.set(issuer, pending);
  pending.catch(() => {
    if (cache.get(issuer) === pending) cache.delete(issuer);
  });
  return pending;
}

/** Forgets every cached lookup (tests, or after an operator changes the IdP). */
export function clearDiscoveryCache(): void {
  cache.clear();
}

/** Where to look, in order: OIDC (`<issuer>/.well-known/openid-configuration`), then RFC 8414 §3.1. */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const oidc = new URL(`${url.origin}${path}/.well-known/openid-configuration`).href;
  const rfc8414 = new URL(`${url.origin}/.well-known/oauth-authorization-server${path}`).href;
  return [oidc, rfc8414];
}

async function fetchMetadata(issuer: string, opts: DiscoverIssuerOptions): Promise<IssuerMetadata> {
  let urls: string[];
  try {
    urls = discoveryUrls(issuer);
  } catch (cause) {
    throw new IssuerDiscoveryError('issuer is not a valid URL', { retryable: false, cause });
  }
  const doFetch = opts.fetch ?? fetch;
  const failures: string[] = [];
  for (const url of urls) {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
    } catch (cause) {
      // Unreachable: the fallback URL lives on the same host, so trying it would only double the wait.
      throw new IssuerDiscoveryError(`issuer metadata unreachable at ${url}`, { retryable: true, cause });
    }
    if (!response.ok) {
      failures.push(`${url} → HTTP ${response.status}`);
      await response.body?.cancel();
      continue;
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new IssuerDiscoveryError(`issuer metadata at ${url} is not JSON`, { retryable: true, cause });
    }
    return validateMetadata(body, issuer, url);
  }
  throw new IssuerDiscoveryError(`no issuer metadata found (${failures.join('; ')})`, { retryable: true });
}

function validateMetadata(body: unknown, issuer: string, url: string): IssuerMetadata {
  if (typeof body !== 'object' || body === null) {
    throw new IssuerDiscoveryError(`issuer metadata at ${url} is not an object`, { retryable: false });
  }
  const record = body as Record<string, unknown>;
  // OIDC Discovery §4.3 / RFC 8414 §3.3: a mismatch means the document speaks for someone else.
  if (record.issuer !== issuer) {
    throw new IssuerDiscoveryError(`issuer metadata at ${url} names another issuer`, { retryable: false });
  }
  for (const field of ['jwks_uri', 'token_endpoint'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') {
      throw new IssuerDiscoveryError(`issuer metadata at ${url} lacks ${field}`, { retryable: false });
    }
  }
  if (!URL.canParse(record.jwks_uri as string)) {
    throw new IssuerDiscoveryError(`issuer metadata at ${url} has an invalid jwks_uri`, { retryable: false });
  }
  const optionalString = (field: string): string | undefined =>
    typeof record[field] === 'string' ? record[field] : undefined;
  const scopes = record.scopes_supported;
  return {
    issuer,
    jwks_uri: record.jwks_uri as string,
    token_endpoint: record.token_endpoint as string,
    authorization_endpoint: optionalString('authorization_endpoint'),
    introspection_endpoint: optionalString('introspection_endpoint'),
    revocation_endpoint: optionalString('revocation_endpoint'),
    registration_endpoint: optionalString('registration_endpoint'),
    scopes_supported:
      Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? (scopes as string[]) : undefined,
  };
}
