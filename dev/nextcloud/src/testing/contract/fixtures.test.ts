import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFixturesDir } from './fixtures.js';

function layout(...dirs: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'nc-fixtures-'));
  for (const dir of dirs) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  return root;
}

describe('findFixturesDir', () => {
  it('finds shared/ beside the repo (CI clones /ci/repo next to /ci/shared)', () => {
    const root = layout('repo/packages/dev-nextcloud', 'shared/nextcloud-fixtures');
    writeFileSync(join(root, 'shared/nextcloud-fixtures/README.md'), '#');
    expect(findFixturesDir(join(root, 'repo/packages/dev-nextcloud'), {})).toBe(
      join(root, 'shared/nextcloud-fixtures'),
    );
  });

  it('finds shared/ inside an ancestor', () => {
    const root = layout('repo/packages/dev-nextcloud', 'repo/shared/nextcloud-fixtures');
    writeFileSync(join(root, 'repo/shared/nextcloud-fixtures/README.md'), '#');
    expect(findFixturesDir(join(root, 'repo/packages/dev-nextcloud'), {})).toBe(
      join(root, 'repo/shared/nextcloud-fixtures'),
    );
  });

  it('prefers NC_FIXTURES_DIR, and returns null when nothing is there', () => {
    const root = layout('elsewhere', 'repo/packages/x');
    expect(findFixturesDir(join(root, 'repo/packages/x'), { NC_FIXTURES_DIR: join(root, 'elsewhere') })).toBe(
      join(root, 'elsewhere'),
    );
    expect(
      findFixturesDir(join(root, 'repo/packages/x'), { NC_FIXTURES_DIR: join(root, 'missing') }),
    ).toBeNull();
  });
});
