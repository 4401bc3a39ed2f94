import { captureLogs } from '@nc-mcp/logger';
import { describe, expect, it } from 'vitest';
import { buildDependencies } from './dependencies.js';
import { loadEnv } from './env.js';

const base = {
  OIDC_ISSUER: 'http://127.0.0.1:9',
  NEXTCLOUD_URL: 'http://127.0.0.1:9',
  ENABLE_PROGRESSIVE_CONSENT: 'false',
};
const broker = { TOKEN_BROKER_URL: '127.0.0.1:9', TOKEN_BROKER_CALLER_KEY: 'caller-key-0123456789' };
const consentTools = (catalogue: readonly { family: string }[] | undefined) =>
  (catalogue ?? []).filter((tool) => tool.family === 'provisioning').length;

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

  it('offers the consent tools and pages in pass-through mode with progressive consent', () => {
    const deps = buildDependencies(
      loadEnv({ ...base, ...broker, ENABLE_PROGRESSIVE_CONSENT: 'true' }),
      captureLogs('dependencies-test').logger,
    );
    expect(deps.access.mode).toBe('pass-through');
    expect(consentTools(deps.catalogue)).toBe(3);
    expect(deps.provisioning?.publicUrl).toBe('http://127.0.0.1:3000');
    deps.close();
  });

  it('offers the consent page but none of the consent tools in exchange mode', () => {
    const deps = buildDependencies(
      loadEnv({ ...base, ...broker, ENABLE_TOKEN_EXCHANGE: 'true', ENABLE_PROGRESSIVE_CONSENT: 'true' }),
      captureLogs('dependencies-test').logger,
    );
    expect(consentTools(deps.catalogue)).toBe(0);
    expect(deps.provisioning).toBeDefined();
    deps.close();
  });

  it('offers neither when progressive consent is off', () => {
    const deps = buildDependencies(
      loadEnv({ ...base, ...broker, ENABLE_TOKEN_EXCHANGE: 'true' }),
      captureLogs('d').logger,
    );
    expect(consentTools(deps.catalogue)).toBe(0);
    expect(deps.provisioning).toBeUndefined();
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
