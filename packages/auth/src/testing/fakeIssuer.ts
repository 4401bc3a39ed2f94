import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** A signing key the fake issuer holds; its public half is in the JWKS once published. */
export interface FakeSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** A tiny OIDC issuer on 127.0.0.1:0 for tests: discovery, a rotatable JWKS, RFC 7662 introspection. */
export interface FakeIssuer {
  issuer: string;
  /** Requests served so far, per endpoint and in total. */
  requests: { discovery: number; jwks: number; introspection: number; total: number };
  /** The key the fake signs with by default (published). */
  key: FakeSigningKey;
  /** Makes a new RS256 key; published in the JWKS unless `publish` is false. */
  addKey(options?: { publish?: boolean }): Promise<FakeSigningKey>;
  /** Signs claims (defaults: a valid demo-client token); a claim set to `undefined` is left out. */
  sign(claims?: Record<string, unknown>, key?: FakeSigningKey): Promise<string>;
  /** Introspection answers by opaque token; unknown tokens are `{ active: false }`. */
  opaqueTokens: Map<string, Record<string, unknown>>;
  introspectionClient: { clientId: string; clientSecret: string };
  /** When set, the JWKS endpoint answers with this status instead of the keys. */
  jwksStatus: number | undefined;
  close(): Promise<void>;
}

let kidCounter = 0;

async function makeKey(): Promise<FakeSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  kidCounter += 1;
  return { kid: `test-key-${kidCounter}`, privateKey, publicKey };
}

/** Starts a {@link FakeIssuer}; call `close()` when done. */
export async function startFakeIssuer(): Promise<FakeIssuer> {
  const published: JWK[] = [];
  const publish = async (key: FakeSigningKey) => {
    published.push({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'RS256', use: 'sig' });
  };
  const requests = { discovery: 0, jwks: 0, introspection: 0, total: 0 };
  const introspectionClient = { clientId: 'mcp-introspector', clientSecret: 's3cret: with spaces' };
  const basic = `Basic ${Buffer.from(`mcp-introspector:${encodeURIComponent('s3cret: with spaces').replace(/%20/g, '+')}`).toString('base64')}`;

  const server = createServer((req, res) => {
    requests.total += 1;
    void handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      requests.discovery += 1;
      return json(res, 200, {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        token_endpoint: `${issuer}/token`,
        authorization_endpoint: `${issuer}/authorize`,
        introspection_endpoint: `${issuer}/introspect`,
      });
    }
    if (req.method === 'GET' && path === '/jwks') {
      requests.jwks += 1;
      if (fake.jwksStatus !== undefined) return json(res, fake.jwksStatus, { error: 'unavailable' });
      return json(res, 200, { keys: published });
    }
    if (req.method === 'POST' && path === '/introspect') {
      requests.introspection += 1;
      if (req.headers.authorization !== basic) return json(res, 401, { error: 'invalid_client' });
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const token = new URLSearchParams(text).get('token') ?? '';
      return json(res, 200, fake.opaqueTokens.get(token) ?? { active: false });
    }
    return json(res, 404, { error: 'not_found' });
  }

  const key = await makeKey();
  await publish(key);
  const fake: FakeIssuer = {
    issuer,
    requests,
    key,
    async addKey(options = {}) {
      const added = await makeKey();
      if (options.publish ?? true) await publish(added);
      return added;
    },
    async sign(claims = {}, signWith = key) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        aud: 'mcp-server',
        sub: 'user-alice',
        azp: 'nc-mcp-demo',
        scope: 'openid notes.read',
        preferred_username: 'alice',
        iat: now,
        exp: now + 300,
        ...claims,
      };
      for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: signWith.kid })
        .sign(signWith.privateKey);
    },
    opaqueTokens: new Map(),
    introspectionClient,
    jwksStatus: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** A port on 127.0.0.1 that nothing listens on (for "IdP down" tests). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
