import { captureLogs } from '@nc-mcp/logger';
import { describe, expect, it } from 'vitest';
import { buildDependencies } from './dependencies.js';
import { loadEnv } from './env.js';

const base = { OIDC_ISSUER: 'http://127.0.0.1:9', NEXTCLOUD_URL: 'http://127.0.0.1:9' };

describe('buildDependencies', () => {
  it('runs pass-through with TOKEN_BROKER_* set, warning that they are ignored, never naming a key', () => {
    const logs = captureLogs('dependencies-test');
    const deps = buildDependencies(
      loadEnv({ ...base, TOKEN_BROKER_URL: '127.0.0.1:9', TOKEN_BROKER_CALLER_KEY: 'caller-key-0123456789' }),
      logs.logger,
    );
    expect(deps.access.mode).toBe('pass-through');
    const warning = logs.records().find((record) => record.level === 40);
    expect(warning?.variables).toEqual(['TOKEN_BROKER_URL', 'TOKEN_BROKER_CALLER_KEY']);
    expect(logs.text()).not.toContain('caller-key-0123456789');
    deps.close();
  });

  it('builds exchange access when exchange mode is configured', () => {
    const logs = captureLogs('dependencies-test');
    const deps = buildDependencies(
      loadEnv({
        ...base,
        ENABLE_TOKEN_EXCHANGE: 'true',
        TOKEN_BROKER_URL: '127.0.0.1:9',
        TOKEN_BROKER_CALLER_KEY: 'caller-key-0123456789',
      }),
      logs.logger,
    );
    expect(deps.access.mode).toBe('exchange');
    expect(logs.records().filter((record) => record.level === 40)).toEqual([]);
    deps.close();
  });
});
