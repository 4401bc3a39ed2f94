import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the real entry point with only `env` (plus PATH), as a deployment would start it. */
function runEntryPoint(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/index.ts'],
      { cwd: appDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 50_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

const base = {
  OIDC_ISSUER: 'http://127.0.0.1:9',
  BROKER_CLIENT_ID: 'token-broker',
  BROKER_CLIENT_SECRET: 'entry-point-test-secret',
  BROKER_PORT: '0',
};

describe('token-broker entry point', () => {
  it('refuses to start without caller keys or mTLS, naming the variable, without a stack trace', async () => {
    const { code, stderr } = await runEntryPoint(base);
    expect(code).toBe(2);
    expect(stderr).toContain('BROKER_CALLER_KEYS');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('entry-point-test-secret');
  }, 60_000);

  it('refuses to start when a TLS file cannot be read, naming its variable, without a stack trace', async () => {
    const { code, stderr } = await runEntryPoint({
      ...base,
      BROKER_TLS_CERT_FILE: '/nonexistent/server.crt',
      BROKER_TLS_KEY_FILE: '/nonexistent/server.key',
      BROKER_TLS_CLIENT_CA_FILE: '/nonexistent/ca.crt',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('BROKER_TLS_CERT_FILE');
    expect(stderr).toContain('BROKER_TLS_CLIENT_CA_FILE');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
