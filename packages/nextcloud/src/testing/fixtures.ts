import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One recorded exchange from shared/nextcloud-fixtures. */
export interface Fixture {
  title: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string };
}

/**
 * The fixtures folder: `NC_FIXTURES_DIR`, else the first `shared/nextcloud-fixtures` found walking up
 * from this package, checking `<dir>/shared/…` and `<dir>/../shared/…` (in CI shared/ sits beside the repo).
 */
export function fixturesDir(): string {
  const fromEnv = process.env.NC_FIXTURES_DIR;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [
      join(dir, 'shared', 'nextcloud-fixtures'),
      join(dir, '..', 'shared', 'nextcloud-fixtures'),
    ]) {
      if (existsSync(join(candidate, 'INDEX.md'))) return resolve(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('nextcloud-fixtures not found; set NC_FIXTURES_DIR');
    dir = parent;
  }
}

/** Loads a fixture by folder and number, e.g. `loadFixture('notes/008')`. */
export function loadFixture(id: string): Fixture {
  const [folder, number] = id.split('/');
  if (!folder || !number) throw new Error(`bad fixture id ${id}`);
  const dir = join(fixturesDir(), folder);
  const file = readdirSync(dir).find((name) => name.startsWith(`${number}-`) && name.endsWith('.json'));
  if (!file) throw new Error(`fixture ${id} not found`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
}
