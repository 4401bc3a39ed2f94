import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@nc-mcp/config';

/** The repository root: relative `DEV_IDP_DATA_DIR` values are resolved against it, not the working directory. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The absolute data directory of the dev stack (git-ignored `data/dev-idp` by default). */
export function resolveDevDataDir(value: string): string {
  return resolve(REPOSITORY_ROOT, value);
}

/**
 * A random secret kept in `<dir>/<name>` so that a restarted `pnpm start` agrees with itself: read
 * when the file exists, else made and written with mode 0600 (the directory 0700).
 */
export async function persistentSecret(dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  const existing = await readSecret(file);
  if (existing !== undefined) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(24).toString('base64url');
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() never replaces a file: a concurrent first start keeps whichever secret landed first.
    await link(temporary, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readSecret(file)) ?? secret;
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readSecret(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < 16) {
    throw new ConfigError([
      {
        variable: 'DEV_IDP_DATA_DIR',
        message: `${file} does not hold a usable secret (at least 16 characters); delete it to make a new one`,
      },
    ]);
  }
  return secret;
}
