import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** Which key signs a test token: the published RSA or EC key, or an unpublished ("rogue") RSA key. */
export type TestKey = 'rsa' | 'ec' | 'rogue';

/** Options for {@link TestIssuer.sign}. */
export interface SignOptions {
  key?: TestKey;
  /** Default: issued now, expires in an hour. A number is an absolute `exp` in seconds. */
  exp?: number | null;
  audience?: string | string[];
  issuer?: string;
}

/** A minimal OIDC issuer for tests: discovery + JWKS on 127.0.0.1, and token signing. */
export interface TestIssuer {
  readonly issuer: string;
  sign(claims: JWTPayload, options?: SignOptions): Promise<string>;
  /** A token signed with HS256 using the RSA public key (PEM) as the HMAC secret: the classic confusion attack. */
  signHs256WithPublicKey(claims: JWTPayload): Promise<string>;
  /** An unsigned `alg: none` token. */
  unsigned(claims: JWTPayload): string;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Starts a {@link TestIssuer} on an ephemeral port. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const rogue = await generateKeyPair('RS256');
  const publicJwks: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  const rsaPem = await exportSPKI(rsa.publicKey);
  let fetches = 0;
  let issuer = '';
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      fetches += 1;
      res.end(JSON.stringify({ keys: publicJwks }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const defaults = (claims: JWTPayload, options: SignOptions): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    const exp = options.exp === undefined ? now + 3600 : options.exp;
    return {
      iss: options.issuer ?? issuer,
      aud: options.audience ?? 'nextcloud',
      iat: now,
      ...(exp === null ? {} : { exp }),
      ...claims,
    };
  };
  return {
    issuer,
    async sign(claims, options = {}) {
      const key = options.key ?? 'rsa';
      const alg = key === 'ec' ? 'ES256' : 'RS256';
      const kid = key === 'rsa' ? 'rsa-1' : key === 'ec' ? 'ec-1' : 'rogue-1';
      const privateKey = key === 'rsa' ? rsa.privateKey : key === 'ec' ? ec.privateKey : rogue.privateKey;
      return new SignJWT(defaults(claims, options))
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .sign(privateKey);
    },
    async signHs256WithPublicKey(claims) {
      return new SignJWT(defaults(claims, {}))
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
        .sign(new TextEncoder().encode(rsaPem));
    },
    unsigned(claims) {
      return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(defaults(claims, {}))}.`;
    },
    jwksFetches: () => fetches,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
