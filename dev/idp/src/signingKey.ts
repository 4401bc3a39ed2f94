import { randomUUID, type webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

/** The IdP's one RS256 key, generated per start and kept in memory only. */
export interface SigningKey {
  kid: string;
  /** Private JWK handed to oidc-provider's `jwks` so its tokens and ours share the key. */
  privateJwk: JWK;
  /** Public JWK, as served at the JWKS endpoint. */
  publicJwk: JWK;
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

/** Generates a fresh RS256 key pair with a random `kid`. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateJwk, publicJwk, privateKey, publicKey };
}

/** Signs an access-token-shaped JWT (`typ: at+jwt`, RFC 9068) with the IdP key; `payload` must be complete. */
export function signAccessTokenJwt(key: SigningKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
    .sign(key.privateKey);
}
