import { randomUUID, type webcrypto } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { SigningKeyFileError } from './signingKeyFileError.js';

/** The file in a dev IdP data directory that holds its private signing JWK. */
export const SIGNING_KEY_FILE = 'signing-key.json';

/** The IdP's one RS256 key: fresh in memory, or kept in a data directory across restarts. */
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

/**
 * The key kept in `<dataDir>/signing-key.json`, made and written there (mode 0600, directory 0700)
 * on first use. A real Nextcloud caches the IdP's JWKS for an hour, so a key that survives restarts
 * keeps its bearer checks working.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, SIGNING_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return importSigningKey(existing, file);
  const key = await generateSigningKey();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(key.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() never replaces a file: when two first starts race, both end up with the one that landed.
    await link(temporary, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return importSigningKey((await readKeyFile(file)) ?? '', file);
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SigningKeyFileError(file, 'cannot be read', { cause: error });
  }
}

const PRIVATE_RSA_MEMBERS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

async function importSigningKey(text: string, file: string): Promise<SigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch (error) {
    throw new SigningKeyFileError(file, 'is not JSON', { cause: error });
  }
  const kid = jwk?.kid;
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'RSA' || typeof kid !== 'string' || kid === '') {
    throw new SigningKeyFileError(file, 'is not an RSA JWK with a kid');
  }
  if (PRIVATE_RSA_MEMBERS.some((member) => typeof jwk[member] !== 'string')) {
    throw new SigningKeyFileError(file, 'does not hold a complete RSA private key');
  }
  const privateJwk: JWK = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  const publicJwk: JWK = { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' };
  try {
    const privateKey = (await importJWK(privateJwk, 'RS256')) as webcrypto.CryptoKey;
    const publicKey = (await importJWK(publicJwk, 'RS256')) as webcrypto.CryptoKey;
    return { kid, privateJwk, publicJwk, privateKey, publicKey };
  } catch (error) {
    throw new SigningKeyFileError(file, 'holds a key that cannot be imported', { cause: error });
  }
}
