import { captureLogs } from '@nc-mcp/logger';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from './index.js';
import { ncClient, OCS_JSON } from './testing/ncClient.js';

let issuer: TestIssuer;
let nc: DevNextcloud;
const logs = captureLogs('dev-nextcloud', 'debug');

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  nc = await startDevNextcloud({
    issuer: issuer.issuer,
    appPasswords: { alice: 'app-password-secret' },
    logger: logs.logger,
  });
});

afterAll(async () => {
  await nc.close();
  await issuer.close();
});

describe('logging', () => {
  it('logs requests and rejected tokens without ever writing a token or password', async () => {
    expect(nc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const call = ncClient(nc.url);
    const valid = await issuer.sign({ sub: 'sub-alice', preferred_username: 'alice' });
    const rogue = await issuer.sign({ sub: 'sub-alice' }, { key: 'rogue' });
    await call('GET', '/ocs/v2.php/cloud/user', { token: valid, headers: OCS_JSON });
    await call('GET', '/ocs/v2.php/cloud/user', { token: rogue, headers: OCS_JSON });
    await call('PROPFIND', '/remote.php/dav/files/alice/', { basic: ['alice', 'app-password-secret'] });
    const text = logs.text();
    expect(text).toContain('bearer token rejected');
    expect(logs.records().filter((record) => record.msg === 'request')).toHaveLength(3);
    for (const secret of [valid, rogue, 'app-password-secret', valid.split('.')[2] ?? 'x']) {
      expect(text).not.toContain(secret);
    }
  });
});
