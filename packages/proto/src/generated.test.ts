import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const committed = join(root, 'packages/proto/src/gen');
const scratch = mkdtempSync(join(tmpdir(), 'proto-gen-'));
const buf = join(root, 'node_modules/.bin/buf');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generated broker contract', () => {
  it('passes buf lint', () => {
    expect(() => execFileSync(buf, ['lint'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  }, 120_000);

  it('is in step with proto/ (run `pnpm generate` after changing a .proto file)', () => {
    execFileSync(buf, ['generate', '--output', scratch], { cwd: root, stdio: 'pipe' });
    const fresh = join(scratch, 'packages/proto/src/gen');
    const expected = files(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    expect(
      files(committed)
        .map((f) => relative(committed, f))
        .sort(),
    ).toEqual(expected);
    for (const file of expected) {
      expect(readFileSync(join(committed, file), 'utf8'), file).toBe(readFileSync(join(fresh, file), 'utf8'));
    }
  }, 120_000);
});
