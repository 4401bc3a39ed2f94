import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** One recorded exchange (see the fixtures' README, "File format"). */
export interface Fixture {
  /** `notes/018`, for messages. */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string | null;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
}

/**
 * The fixtures folder: `NC_FIXTURES_DIR`, else `shared/nextcloud-fixtures` found walking up from
 * `start`, both inside each ancestor and beside it (CI clones the repo next to `shared/`).
 */
export function findFixturesDir(start: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NC_FIXTURES_DIR) return existsSync(env.NC_FIXTURES_DIR) ? resolve(env.NC_FIXTURES_DIR) : null;
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const candidate of [
      join(dir, 'shared', 'nextcloud-fixtures'),
      join(dir, '..', 'shared', 'nextcloud-fixtures'),
    ]) {
      if (existsSync(join(candidate, 'README.md'))) return resolve(candidate);
    }
    if (dirname(dir) === dir) return null;
  }
}

/** The numbered fixtures of `folder` whose number is in `include`, in recording order. */
export function loadFixtures(root: string, folder: string, include: ReadonlySet<number>): Fixture[] {
  return readdirSync(join(root, folder))
    .filter((name) => /^\d{3}-.*\.json$/.test(name) && include.has(Number(name.slice(0, 3))))
    .sort()
    .map((name) => {
      const raw = JSON.parse(readFileSync(join(root, folder, name), 'utf8')) as Omit<Fixture, 'id' | 'file'>;
      return { ...raw, id: `${folder}/${name.slice(0, 3)}`, file: `${folder}/${name}` };
    });
}

/** `[1, 2, 3, 7]` from `range(1, 3), 7`. */
export function numbers(...parts: Array<number | readonly [number, number]>): Set<number> {
  const out = new Set<number>();
  for (const part of parts) {
    if (typeof part === 'number') out.add(part);
    else for (let n = part[0]; n <= part[1]; n += 1) out.add(n);
  }
  return out;
}
