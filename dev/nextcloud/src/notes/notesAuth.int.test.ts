import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient } from '../testing/ncClient.js';

let issuer: TestIssuer;
let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;
let token: string;

const NOTES = '/index.php/apps/notes/api/v1/notes';
const OCS_HEADER = { 'OCS-APIRequest': 'true' };

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  nc = await startDevNextcloud({ issuer: issuer.issuer, appPasswords: { alice: 'alice-pw' } });
  call = ncClient(nc.url);
  token = await issuer.sign({ sub: 'sub-alice', preferred_username: 'alice' });
});

afterAll(async () => {
  await nc.close();
  await issuer.close();
});

describe('Notes API authentication (a #[CORS] app)', () => {
  it('rejects a valid bearer without OCS-APIRequest with 401 "CORS requires basic auth"', async () => {
    const response = await call('GET', NOTES, { token });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toEqual({ message: 'CORS requires basic auth' });
    expect(response.headers['x-notes-api-versions']).toBeUndefined();
  });

  it('accepts a valid bearer with OCS-APIRequest: true', async () => {
    const response = await call('POST', NOTES, {
      token,
      headers: { ...OCS_HEADER, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'From bearer', content: 'x' }),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      title: 'From bearer',
      internalPath: '/Notes/From bearer.md',
    });
    expect(response.headers['x-notes-api-versions']).toBe('0.2, 1.3, 1.4');
  });

  it('accepts Basic with an app password with or without the header', async () => {
    for (const headers of [{}, OCS_HEADER]) {
      const response = await call('GET', NOTES, { basic: ['alice', 'alice-pw'], headers });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text)).toHaveLength(1);
    }
  });

  it('answers no auth or an invalid bearer with the same 401 as the recording', async () => {
    expect(JSON.parse((await call('GET', NOTES)).text)).toEqual({ message: 'CORS requires basic auth' });
    expect(JSON.parse((await call('GET', NOTES, { token: 'garbage' })).text)).toEqual({
      message: 'CORS requires basic auth',
    });
    for (const response of [
      await call('GET', NOTES, { headers: OCS_HEADER }),
      await call('GET', NOTES, { token: 'garbage', headers: OCS_HEADER }),
    ]) {
      expect(response.status).toBe(401);
      expect(JSON.parse(response.text)).toEqual({ message: 'Current user is not logged in' });
    }
  });

  it('rejects a wrong app password', async () => {
    const response = await call('GET', NOTES, { basic: ['alice', 'not-it'] });
    expect(response.status).toBe(401);
  });
});
