import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from './index.js';
import { ncClient } from './testing/ncClient.js';

let issuer: TestIssuer;
let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;
let alice: string;
let bob: string;

const NOTES = '/index.php/apps/notes/api/v1/notes';
const JSON_OCS = { 'OCS-APIRequest': 'true', 'Content-Type': 'application/json' };

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
  nc = await startDevNextcloud({ issuer: issuer.issuer });
  call = ncClient(nc.url);
  alice = await issuer.sign({ sub: 'sub-alice', preferred_username: 'alice' });
  bob = await issuer.sign({ sub: 'sub-bob', preferred_username: 'bob' });
});

afterAll(async () => {
  await nc.close();
  await issuer.close();
});

describe('per-user state', () => {
  let aliceNoteId: number;

  beforeAll(async () => {
    const created = await call('POST', NOTES, {
      token: alice,
      headers: JSON_OCS,
      body: JSON.stringify({ title: 'Secret plan', content: 'alice only' }),
    });
    aliceNoteId = (JSON.parse(created.text) as { id: number }).id;
    await call('PUT', '/remote.php/dav/files/alice/diary.txt', { token: alice, body: 'dear diary' });
  });

  it("does not list alice's notes for bob, nor let him read or change them", async () => {
    expect(JSON.parse((await call('GET', NOTES, { token: bob, headers: JSON_OCS })).text)).toEqual([]);
    expect((await call('GET', `${NOTES}/${aliceNoteId}`, { token: bob, headers: JSON_OCS })).status).toBe(
      404,
    );
    const update = await call('PUT', `${NOTES}/${aliceNoteId}`, {
      token: bob,
      headers: JSON_OCS,
      body: '{"content":"pwned"}',
    });
    expect(update.status).toBe(404);
    const own = await call('GET', `${NOTES}/${aliceNoteId}`, { token: alice, headers: JSON_OCS });
    expect(JSON.parse(own.text).content).toBe('alice only');
  });

  it("shows bob only an empty stub of alice's home and no file", async () => {
    const listing = await call('PROPFIND', '/remote.php/dav/files/alice/', {
      token: bob,
      headers: { Depth: '1' },
    });
    expect(listing.status).toBe(207);
    expect(listing.text).not.toContain('diary');
    expect(listing.text).not.toContain('Notes');
    expect((await call('GET', '/remote.php/dav/files/alice/diary.txt', { token: bob })).status).toBe(404);
    expect(
      (await call('PUT', '/remote.php/dav/files/alice/planted.txt', { token: bob, body: 'x' })).status,
    ).toBe(403);
  });

  it("keeps bob's raw ../ traversal inside the stub", async () => {
    const response = await call('GET', '/remote.php/dav/files/bob/../alice/diary.txt', { token: bob });
    expect(response.status).toBe(404);
    const encoded = await call('GET', '/remote.php/dav/files/bob/%2e%2e/alice/diary.txt', { token: bob });
    expect(encoded.status).toBe(400);
    expect(encoded.text).toContain('InvalidPath');
  });

  it('does not find files of other users through SEARCH', async () => {
    const body = `<?xml version="1.0"?><d:searchrequest xmlns:d="DAV:"><d:basicsearch><d:select><d:prop><d:displayname/></d:prop></d:select>
      <d:from><d:scope><d:href>/files/alice</d:href><d:depth>infinity</d:depth></d:scope></d:from>
      <d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%</d:literal></d:like></d:where></d:basicsearch></d:searchrequest>`;
    const response = await call('SEARCH', '/remote.php/dav/', {
      token: bob,
      headers: { 'Content-Type': 'text/xml' },
      body,
    });
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('diary');
  });

  it('forgets everything on reset()', async () => {
    nc.reset();
    expect(JSON.parse((await call('GET', NOTES, { token: alice, headers: JSON_OCS })).text)).toEqual([]);
  });
});
