import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';

/** Algorithms the test issuer signs with. */
export type TestKeyAlgorithm = 'RS256' | 'ES256';

/** A signing key the test issuer holds; its public half is in the JWKS once published. */
export interface TestSigningKey {
  kid: string;
  alg: TestKeyAlgorithm;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

let kidCounter = 0;

/** Generates a fresh key pair with a unique `kid` (`rsa-1`, `ec-2`, …). */
export async function generateTestKey(alg: TestKeyAlgorithm = 'RS256'): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  kidCounter += 1;
  return { kid: `${alg === 'ES256' ? 'ec' : 'rsa'}-${kidCounter}`, alg, privateKey, publicKey };
}

/** The key's public JWK as a JWKS serves it. */
export async function publicJwk(key: TestSigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.publicKey)), kid: key.kid, alg: key.alg, use: 'sig' };
}
