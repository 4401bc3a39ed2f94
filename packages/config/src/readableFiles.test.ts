import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './envSchema.js';
import { requireReadableFiles } from './readableFiles.js';

describe('requireReadableFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readable-files-'));
  const present = join(dir, 'ca.crt');
  writeFileSync(present, 'x');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names each variable whose file cannot be read, never the path', () => {
    let error: unknown;
    try {
      requireReadableFiles({ CA_FILE: present, KEY_FILE: join(dir, 'missing.key'), UNSET: undefined });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual(['KEY_FILE']);
    expect((error as ConfigError).message).not.toContain('missing.key');
  });

  it('accepts readable files and unset variables', () => {
    expect(() => requireReadableFiles({ CA_FILE: present, UNSET: undefined })).not.toThrow();
  });
});
