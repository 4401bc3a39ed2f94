import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient, OCS_JSON } from '../testing/ncClient.js';

let issuer: TestIssuer;
let withNotes: DevNextcloud;
let withoutNotes: DevNextcloud;
let token: string;

const CAPABILITIES = '/ocs/v2.php/cloud/capabilities?format=json';
const NOTES = '/index.php/apps/notes/api/v1/notes';

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  withNotes = await startDevNextcloud({ issuer: issuer.issuer });
  withoutNotes = await startDevNextcloud({ issuer: issuer.issuer, apps: { notes: false } });
  token = await issuer.sign({ sub: 'sub-alice', preferred_username: 'alice' });
});

afterAll(async () => {
  await withoutNotes?.close();
  await withNotes?.close();
  await issuer?.close();
});

const appsOf = (text: string) =>
  Object.keys((JSON.parse(text) as { ocs: { data: { capabilities: object } } }).ocs.data.capabilities);

describe('the double with and without the notes app', () => {
  it('lists notes in the capabilities only with the app, and never to an anonymous caller (ocs/004)', async () => {
    const signedIn = await ncClient(withNotes.url)('GET', CAPABILITIES, { token, headers: OCS_JSON });
    expect(appsOf(signedIn.text)).toContain('notes');
    const anonymous = await ncClient(withNotes.url)('GET', CAPABILITIES, { headers: OCS_JSON });
    expect(anonymous.status).toBe(200);
    expect(appsOf(anonymous.text).sort()).toEqual(['bruteforce', 'theming']);

    const without = await ncClient(withoutNotes.url)('GET', CAPABILITIES, { token, headers: OCS_JSON });
    expect(without.status).toBe(200);
    expect(appsOf(without.text)).not.toContain('notes');
    expect(appsOf(without.text)).toContain('files');
  });

  it('answers the Notes API with 404 without the app, for every verb', async () => {
    const call = ncClient(withoutNotes.url);
    const headers = { 'OCS-APIRequest': 'true', 'Content-Type': 'application/json' };
    for (const [method, path] of [
      ['GET', NOTES],
      ['POST', NOTES],
      ['GET', `${NOTES}/1`],
      ['PUT', `${NOTES}/1`],
      ['DELETE', `${NOTES}/1`],
    ] as const) {
      const response = await call(method, path, {
        token,
        headers,
        body: method === 'GET' ? undefined : '{}',
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers['x-notes-api-versions']).toBeUndefined();
    }
  });
});
