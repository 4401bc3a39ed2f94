import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, resolveDevDataDir } from './devDataDir.js';
import { loadDevStackEnv } from './env.js';

describe('dev stack environment', () => {
  it("defaults the test double to user_oidc's hashed user ids, and still accepts username", () => {
    expect(loadDevStackEnv({}).DEV_NEXTCLOUD_USER_ID_MODE).toBe('hashed');
    expect(loadDevStackEnv({ DEV_NEXTCLOUD_USER_ID_MODE: 'username' }).DEV_NEXTCLOUD_USER_ID_MODE).toBe(
      'username',
    );
    expect(() => loadDevStackEnv({ DEV_NEXTCLOUD_USER_ID_MODE: 'email' })).toThrow(
      /DEV_NEXTCLOUD_USER_ID_MODE/,
    );
  });

  it('keeps the dev IdP data in the git-ignored data/dev-idp of the repository by default', () => {
    const env = loadDevStackEnv({});
    expect(env.DEV_IDP_DATA_DIR).toBe('./data/dev-idp');
    const resolved = resolveDevDataDir(env.DEV_IDP_DATA_DIR);
    expect(existsSync(join(REPOSITORY_ROOT, 'pnpm-workspace.yaml'))).toBe(true);
    expect(resolved).toBe(join(REPOSITORY_ROOT, 'data', 'dev-idp'));
    expect(resolveDevDataDir('/var/lib/nc-mcp')).toBe('/var/lib/nc-mcp');
  });
});
