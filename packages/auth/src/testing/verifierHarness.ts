import { createClientRegistry } from '@nc-mcp/client-registry';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';
import { expect } from 'vitest';
import { createTokenVerifier, type TokenVerifierOptions } from '../createTokenVerifier.js';
import type { RejectionReason } from '../rejection.js';
import { TokenVerificationError } from '../tokenVerificationError.js';

export const RESOURCE = 'https://mcp.example.test/mcp';
export const AUDIENCES = ['mcp-server', 'nc-mcp-demo', RESOURCE];

/** A verifier for `issuer` with captured logs, plus an assertion for rejections. */
export function harness(issuer: string, overrides: Partial<TokenVerifierOptions> = {}) {
  const logs: CapturedLogs = captureLogs('auth-test');
  const verifier = createTokenVerifier({
    issuer,
    audiences: AUDIENCES,
    resource: RESOURCE,
    clientRegistry: createClientRegistry(),
    logger: logs.logger,
    ...overrides,
  });
  const reasons = (): unknown[] =>
    logs
      .records()
      .map((record) => record.reason)
      .filter((reason) => reason !== undefined);

  /** Asserts the token is refused with a generic TokenVerificationError and `reason` in the log, leaking nothing. */
  const expectRejected = async (token: string, reason: RejectionReason): Promise<TokenVerificationError> => {
    const error = await verifier.verifyAccessToken(token).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(TokenVerificationError);
    const invalid = error as TokenVerificationError;
    expect(invalid.message).not.toContain(token);
    expect(invalid.message).not.toContain(issuer);
    expect(invalid.message.length).toBeLessThan(40);
    expect(reasons().at(-1)).toBe(reason);
    expect(logs.text()).not.toContain(token);
    return invalid;
  };
  return { verifier, logs, reasons, expectRejected };
}

/** base64url of a JSON value, for hand-built tokens. */
export function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
