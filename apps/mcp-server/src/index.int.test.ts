import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs the real entry point with only `env` (plus PATH), as a deployment would start it. A server that
 * wrongly starts is killed by the timeout, and then has no exit code.
 */
function runEntryPoint(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/index.ts'],
      { cwd: appDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

const base = {
  OIDC_ISSUER: 'http://127.0.0.1:9',
  NEXTCLOUD_URL: 'http://127.0.0.1:9',
  MCP_PORT: '0',
  LOG_LEVEL: 'warn',
};

describe('mcp-server entry point', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['exchange mode without a broker address', { ENABLE_TOKEN_EXCHANGE: 'true' }, ['TOKEN_BROKER_URL']],
    [
      'pass-through mode with progressive consent (the default) but no broker',
      {},
      ['TOKEN_BROKER_URL', 'ENABLE_PROGRESSIVE_CONSENT', 'TOKEN_BROKER_CALLER_KEY'],
    ],
    [
      'exchange mode with neither caller key nor mTLS',
      { ENABLE_TOKEN_EXCHANGE: 'true', TOKEN_BROKER_URL: '127.0.0.1:9' },
      ['TOKEN_BROKER_CALLER_KEY'],
    ],
    [
      'exchange mode with mTLS files that cannot be read',
      {
        ENABLE_TOKEN_EXCHANGE: 'true',
        TOKEN_BROKER_URL: '127.0.0.1:9',
        TOKEN_BROKER_TLS_CA_FILE: '/nonexistent/ca.crt',
        TOKEN_BROKER_TLS_CERT_FILE: '/nonexistent/mcp.crt',
        TOKEN_BROKER_TLS_KEY_FILE: '/nonexistent/mcp.key',
      },
      ['TOKEN_BROKER_TLS_CA_FILE', 'TOKEN_BROKER_TLS_KEY_FILE'],
    ],
  ])(
    'refuses to start in %s, naming the variable, without a stack trace',
    async (_name, extra, named) => {
      const { code, stderr } = await runEntryPoint({ ...base, ...extra });
      expect(code).toBe(2);
      for (const variable of named) expect(stderr).toContain(variable);
      expect(stderr).not.toMatch(/^\s+at /m);
    },
    60_000,
  );
});
