import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../deploy/nextcloud/post-installation.sh', import.meta.url));
const text = readFileSync(script, 'utf8');
/** The script without its comments, so that a flag only mentioned in a comment does not count. */
const commands = text
  .split('\n')
  .filter((line) => !line.trimStart().startsWith('#'))
  .join('\n');

describe("Nextcloud's post-installation script", () => {
  it('registers the IdP with bearer checking and without bearer provisioning', () => {
    expect(commands).toContain('--check-bearer=1');
    expect(commands).toContain('--bearer-provisioning=0');
    expect(text).not.toContain('--bearer-provisioning=1');
  });

  it('keeps soft auto-provisioning off and sets a Redis memcache for caching and locking', () => {
    expect(commands).toMatch(/config:app:set user_oidc soft_auto_provision --value=0/);
    expect(commands).toMatch(/config:system:set memcache\.distributed --value='\\OC\\Memcache\\Redis'/);
    expect(commands).toMatch(/config:system:set memcache\.locking --value='\\OC\\Memcache\\Redis'/);
  });

  it('is valid shell for bash', () => {
    const result = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
