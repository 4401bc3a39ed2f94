import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { sendJson } from './http.js';
import {
  answerIntrospection,
  DEFAULT_INTROSPECTION_CLIENT,
  type IntrospectionClient,
} from './introspectionEndpoint.js';
import { generateTestKey, publicJwk, type TestKeyAlgorithm, type TestSigningKey } from './signingKeys.js';
import { createTokenEndpoint, type ScriptedTokenEndpoint } from './tokenEndpoint.js';
import {
  type Claims,
  createTokenSigner,
  DEFAULT_CLAIMS,
  type TestIssuerKeys,
  type TokenSigner,
} from './tokenSigner.js';

/** Options of {@link startTestIssuer}. */
export interface TestIssuerOptions {
  /** Claims every token carries, replacing {@link DEFAULT_CLAIMS}; `iss`, `iat` and `exp` are always added. */
  claims?: Claims;
  /** Lifetime of signed tokens in seconds (default 300). */
  tokenLifetimeSeconds?: number;
  /** Extra discovery metadata, merged over the standard document. */
  metadata?: Record<string, unknown>;
  /** The client allowed to introspect (default {@link DEFAULT_INTROSPECTION_CLIENT}). */
  introspectionClient?: IntrospectionClient;
}

/** Requests served so far, per endpoint and in total (live counters). */
export interface TestIssuerRequests {
  discovery: number;
  jwks: number;
  introspection: number;
  token: number;
  total: number;
}

/** A small OIDC issuer on 127.0.0.1:0: discovery, JWKS, RFC 7662 introspection, a scripted token endpoint. */
export interface TestIssuer extends TokenSigner {
  readonly issuer: string;
  /** The issuer's keys: `rsa` and `ec` are published, `rogue` is not. */
  readonly keys: TestIssuerKeys;
  /** The default signing key (`keys.rsa`). */
  readonly key: TestSigningKey;
  /** Makes a new key (RS256 unless told), published in the JWKS unless `publish` is false. */
  addKey(options?: { publish?: boolean; alg?: TestKeyAlgorithm }): Promise<TestSigningKey>;
  readonly requests: TestIssuerRequests;
  /** Extra discovery metadata (mutable; a value set to `undefined` drops that field). */
  metadata: Record<string, unknown>;
  /** When set, the JWKS endpoint answers with this status instead of the keys. */
  jwksStatus: number | undefined;
  /** Introspection answers by opaque token; unknown tokens are `{ active: false }`. */
  readonly opaqueTokens: Map<string, Record<string, unknown>>;
  readonly introspectionClient: IntrospectionClient;
  readonly tokenEndpoint: ScriptedTokenEndpoint;
  /** Stops the server, dropping open connections and hanging token requests; safe to call twice. */
  close(): Promise<void>;
}

/** Starts a {@link TestIssuer}; call `close()` when done. */
export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const keys: TestIssuerKeys = {
    rsa: await generateTestKey('RS256'),
    ec: await generateTestKey('ES256'),
    rogue: await generateTestKey('RS256'),
  };
  const published: JWK[] = [await publicJwk(keys.rsa), await publicJwk(keys.ec)];
  const requests: TestIssuerRequests = { discovery: 0, jwks: 0, introspection: 0, token: 0, total: 0 };
  const token = createTokenEndpoint();

  const server = createServer((req, res) => {
    requests.total += 1;
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const endpoint = `${req.method} ${path}`;
    if (endpoint === 'GET /.well-known/openid-configuration') {
      requests.discovery += 1;
      return sendJson(res, 200, { ...discoveryDocument(issuer), ...testIssuer.metadata });
    }
    if (endpoint === 'GET /jwks') {
      requests.jwks += 1;
      if (testIssuer.jwksStatus !== undefined)
        return sendJson(res, testIssuer.jwksStatus, { error: 'unavailable' });
      return sendJson(res, 200, { keys: published });
    }
    if (endpoint === 'POST /introspect') {
      requests.introspection += 1;
      return answerIntrospection(req, res, testIssuer.introspectionClient, testIssuer.opaqueTokens);
    }
    if (endpoint === 'POST /token') {
      requests.token += 1;
      return token.handle(req, res);
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  const signer = createTokenSigner({
    issuer,
    keys,
    defaultClaims: options.claims ?? DEFAULT_CLAIMS,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
  });
  const testIssuer: TestIssuer = {
    ...signer,
    issuer,
    keys,
    key: keys.rsa,
    async addKey({ publish = true, alg = 'RS256' } = {}) {
      const added = await generateTestKey(alg);
      if (publish) published.push(await publicJwk(added));
      return added;
    },
    requests,
    metadata: { ...options.metadata },
    jwksStatus: undefined,
    opaqueTokens: new Map(),
    introspectionClient: { ...(options.introspectionClient ?? DEFAULT_INTROSPECTION_CLIENT) },
    tokenEndpoint: token.endpoint,
    close: () =>
      new Promise<void>((resolve, reject) => {
        token.dropHanging();
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return testIssuer;
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    introspection_endpoint: `${issuer}/introspect`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  };
}
