import { describe, expect, it } from 'vitest';
import { discoverIssuer, discoveryUrls, IssuerDiscoveryError } from './discoverIssuer.js';

let counter = 0;
const uniqueIssuer = (path = '') => `https://idp-${++counter}.example.test${path}`;

/** A fetch stand-in that serves `documents` by URL and counts calls. */
function fakeFetch(documents: Record<string, unknown>) {
  const calls: string[] = [];
  const impl = (async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    if (!(url in documents)) return new Response('not found', { status: 404 });
    return Response.json(documents[url]);
  }) as typeof fetch;
  return { impl, calls };
}

const metadataFor = (issuer: string) => ({
  issuer,
  jwks_uri: `${issuer}/jwks`,
  token_endpoint: `${issuer}/token`,
  introspection_endpoint: `${issuer}/introspect`,
  scopes_supported: ['openid', 'notes.read'],
});

describe('discoverIssuer', () => {
  it('fetches OIDC discovery once per issuer and serves later calls from the cache', async () => {
    const issuer = uniqueIssuer('/realms/nc');
    const { impl, calls } = fakeFetch({
      [`${issuer}/.well-known/openid-configuration`]: metadataFor(issuer),
    });
    const [first, second] = await Promise.all([
      discoverIssuer(issuer, { fetch: impl }),
      discoverIssuer(issuer, { fetch: impl }),
    ]);
    const third = await discoverIssuer(issuer, { fetch: impl });
    expect(first).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/jwks`,
      introspection_endpoint: `${issuer}/introspect`,
    });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(calls).toEqual([`${issuer}/.well-known/openid-configuration`]);
  });

  it('falls back to RFC 8414 metadata when there is no OIDC discovery document', async () => {
    const issuer = uniqueIssuer('/tenant');
    const rfc8414 = `${new URL(issuer).origin}/.well-known/oauth-authorization-server/tenant`;
    const { impl, calls } = fakeFetch({ [rfc8414]: metadataFor(issuer) });
    await expect(discoverIssuer(issuer, { fetch: impl })).resolves.toMatchObject({
      token_endpoint: `${issuer}/token`,
    });
    expect(calls).toEqual([`${issuer}/.well-known/openid-configuration`, rfc8414]);
  });

  it('does not cache a failure, so a later call retries', async () => {
    const issuer = uniqueIssuer();
    const documents: Record<string, unknown> = {};
    const { impl, calls } = fakeFetch(documents);
    await expect(discoverIssuer(issuer, { fetch: impl })).rejects.toBeInstanceOf(IssuerDiscoveryError);
    documents[`${issuer}/.well-known/openid-configuration`] = metadataFor(issuer);
    await expect(discoverIssuer(issuer, { fetch: impl })).resolves.toMatchObject({ issuer });
    expect(calls.length).toBe(3);
  });

  it('refuses metadata that names another issuer', async () => {
    const issuer = uniqueIssuer();
    const { impl } = fakeFetch({
      [`${issuer}/.well-known/openid-configuration`]: metadataFor('https://other.example.test'),
    });
    await expect(discoverIssuer(issuer, { fetch: impl })).rejects.toMatchObject({
      code: 'issuer_discovery_failed',
      retryable: false,
    });
  });

  it('reports an unreachable issuer as retryable', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(discoverIssuer(uniqueIssuer(), { fetch: failing })).rejects.toMatchObject({
      retryable: true,
    });
  });
});

describe('discoveryUrls', () => {
  it('appends the OIDC path and inserts the RFC 8414 one, ignoring a trailing slash', () => {
    expect(discoveryUrls('https://idp.test/realms/nc/')).toEqual([
      'https://idp.test/realms/nc/.well-known/openid-configuration',
      'https://idp.test/.well-known/oauth-authorization-server/realms/nc',
    ]);
  });
});
