import { describe, expect, it } from 'vitest';
import { captureLogs } from './captureLogs.js';
import { REDACT_PATHS } from './createLogger.js';

// One distinct value per secret path, so a leak names the path.
const SECRETS: Record<string, unknown> = {
  authorization: 'secret-authorization',
  Authorization: 'secret-Authorization',
  headers: {
    authorization: 'Bearer secret-header-bearer',
    cookie: 'sid=secret-cookie',
    'set-cookie': 'sid=secret-set-cookie',
    'x-broker-key': 'secret-broker-key-header',
  },
  metadata: { 'x-broker-key': 'secret-metadata-key' },
  cookie: 'secret-cookie-field',
  token: 'secret-token',
  accessToken: 'secret-accessToken',
  access_token: 'secret-access_token',
  refreshToken: 'secret-refreshToken',
  refresh_token: 'secret-refresh_token',
  idToken: 'secret-idToken',
  id_token: 'secret-id_token',
  subjectToken: 'secret-subjectToken',
  subject_token: 'secret-subject_token',
  actorToken: 'secret-actorToken',
  actor_token: 'secret-actor_token',
  secret: 'secret-secret',
  clientSecret: 'secret-clientSecret',
  client_secret: 'secret-client_secret',
  password: 'secret-password',
  appPassword: 'secret-appPassword',
  authorizationCode: 'secret-authorizationCode',
  authorization_code: 'secret-authorization_code',
  codeVerifier: 'secret-codeVerifier',
  code_verifier: 'secret-code_verifier',
  callerKey: 'secret-callerKey',
  caller_key: 'secret-caller_key',
  privateKey: 'secret-privateKey',
};

describe('createLogger', () => {
  it('redacts every secret path: authorization, tokens, secrets, passwords, cookies, codes, verifiers, caller keys', () => {
    const logs = captureLogs();
    logs.logger.info({ ...SECRETS, user: 'alice' }, 'request');
    logs.logger.info({ req: SECRETS }, 'nested request');
    const out = logs.text();
    expect(out.match(/secret-/g) ?? []).toEqual([]);
    expect(out).toContain('alice');
    expect(logs.records()[0]).toMatchObject({ token: '[redacted]', msg: 'request' });
    expect(logs.records()[1]).toMatchObject({ req: { headers: { 'x-broker-key': '[redacted]' } } });
  });

  it('keeps diagnostics readable: error codes, statuses, reasons and paths', () => {
    const logs = captureLogs();
    const err = Object.assign(new Error('precondition failed'), { code: 'conflict' });
    logs.logger.debug(
      {
        method: 'PUT',
        path: '/index.php/apps/notes/api/v1/notes/1',
        status: 423,
        errorCode: 'locked',
        code: 'x1',
      },
      'nextcloud request failed',
    );
    logs.logger.warn({ err, key: 'cache-key', reason: 'token expired', exitCode: 1 }, 'failed');
    const [request, failure] = logs.records();
    expect(request).toMatchObject({ status: 423, errorCode: 'locked', code: 'x1', path: expect.any(String) });
    expect(failure).toMatchObject({ err: { code: 'conflict' }, key: 'cache-key', reason: 'token expired' });
    expect(logs.text()).not.toContain('[redacted]');
  });

  it('names exact secret paths, never a generic code or key', () => {
    for (const generic of ['code', '*.code', 'key', '*.key']) expect(REDACT_PATHS).not.toContain(generic);
    expect(REDACT_PATHS).toContain('*.authorizationCode');
  });
});
