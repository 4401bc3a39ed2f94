import { exportSPKI, type JWTPayload, SignJWT } from 'jose';
import type { TestSigningKey } from './signingKeys.js';

/** JWT claims as tests write them; a claim set to `undefined` is left out of the token. */
export type Claims = Record<string, unknown>;

/** The issuer's own keys: RSA and EC are published in the JWKS, `rogue` never is. */
export interface TestIssuerKeys {
  rsa: TestSigningKey;
  ec: TestSigningKey;
  rogue: TestSigningKey;
}

/** Which key signs a token: one of the issuer's named keys or any {@link TestSigningKey} (e.g. from `addKey`). */
export type KeyChoice = keyof TestIssuerKeys | TestSigningKey;

/** Claims every token carries unless told otherwise: a valid access token of the demo client for the MCP server. */
export const DEFAULT_CLAIMS: Readonly<Claims> = Object.freeze({
  aud: 'mcp-server',
  sub: 'user-alice',
  azp: 'nc-mcp-demo',
  scope: 'openid notes.read',
  preferred_username: 'alice',
});

/** Per-token options of {@link TokenSigner.sign}; the token's own claims still win over them. */
export interface SignOptions {
  /** Default `'rsa'`. */
  key?: KeyChoice;
  /** An absolute `exp` in seconds; `null` leaves `exp` out. Default: now + the issuer's token lifetime. */
  exp?: number | null;
  /** Sets `aud`. */
  audience?: string | string[];
  /** Sets `iss` (default: this issuer). */
  issuer?: string;
  /** The protected header's `typ`; `null` leaves it out. Default `'at+jwt'` (RFC 9068). */
  typ?: string | null;
}

/** Signs test tokens, good and deliberately bad. */
export interface TokenSigner {
  /** Signs `claims` over the issuer's default claims. */
  sign(claims?: Claims, options?: SignOptions): Promise<string>;
  /** HS256 with the RSA key's public PEM as the HMAC secret: the classic algorithm-confusion attack. */
  signHs256WithPublicKey(claims?: Claims, options?: Omit<SignOptions, 'key'>): Promise<string>;
  /** An unsigned `alg: none` token. */
  unsigned(claims?: Claims, options?: Omit<SignOptions, 'key'>): string;
}

/** What a {@link TokenSigner} needs from its issuer. */
export interface TokenSignerSetup {
  issuer: string;
  keys: TestIssuerKeys;
  defaultClaims: Claims;
  lifetimeSeconds: number;
}

const base64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds the {@link TokenSigner} of one issuer. */
export function createTokenSigner(setup: TokenSignerSetup): TokenSigner {
  const payloadOf = (claims: Claims, options: SignOptions): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Claims = {
      iss: options.issuer ?? setup.issuer,
      iat: now,
      exp: options.exp === undefined ? now + setup.lifetimeSeconds : (options.exp ?? undefined),
      ...setup.defaultClaims,
      ...(options.audience === undefined ? {} : { aud: options.audience }),
      ...claims,
    };
    for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
    return payload as JWTPayload;
  };
  const typOf = (options: SignOptions) => (options.typ === null ? {} : { typ: options.typ ?? 'at+jwt' });
  let rsaPem: Promise<string> | undefined;

  return {
    sign(claims = {}, options = {}) {
      const choice = options.key ?? 'rsa';
      const key = typeof choice === 'string' ? setup.keys[choice] : choice;
      return new SignJWT(payloadOf(claims, options))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, ...typOf(options) })
        .sign(key.privateKey);
    },
    async signHs256WithPublicKey(claims = {}, options = {}) {
      rsaPem ??= exportSPKI(setup.keys.rsa.publicKey);
      return new SignJWT(payloadOf(claims, options))
        .setProtectedHeader({ alg: 'HS256', kid: setup.keys.rsa.kid, ...typOf(options) })
        .sign(new TextEncoder().encode(await rsaPem));
    },
    unsigned(claims = {}, options = {}) {
      const header = { alg: 'none', ...typOf(options) };
      return `${base64urlJson(header)}.${base64urlJson(payloadOf(claims, options))}.`;
    },
  };
}
