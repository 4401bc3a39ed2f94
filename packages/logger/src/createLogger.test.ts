import { describe, expect, it } from 'vitest';
import { captureLogs } from './captureLogs.js';

describe('createLogger', () => {
  it('redacts authorization headers, tokens, secrets, passwords, cookies and codes', () => {
    const logs = captureLogs();
    logs.logger.info(
      {
        headers: { authorization: 'Bearer eyJhbGciOi.secret.part', cookie: 'sid=abc123' },
        token: 'tok-1',
        access_token: 'tok-2',
        refreshToken: 'tok-3',
        clientSecret: 'shh-1',
        password: 'hunter2',
        code: 'auth-code-1',
        codeVerifier: 'verifier-1',
        user: 'alice',
      },
      'request',
    );
    const out = logs.text();
    for (const secret of [
      'eyJhbGciOi',
      'sid=abc123',
      'tok-1',
      'tok-2',
      'tok-3',
      'shh-1',
      'hunter2',
      'auth-code-1',
      'verifier-1',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('alice');
    expect(logs.records()[0]).toMatchObject({ token: '[redacted]', msg: 'request' });
  });

  it('redacts one level deeper, as in a nested request object', () => {
    const logs = captureLogs();
    logs.logger.info({ req: { authorization: 'Bearer abc.def.ghi' } }, 'nested');
    expect(logs.text()).not.toContain('abc.def.ghi');
  });
});
