import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevNextcloud } from '../../app.js';
import { rawRequest } from '../../testing/rawRequest.js';

// What the contract replay (JSON only, one setup) does not reach: the XML default, v1 envelopes,
// form bodies, the share flags of a PROPFIND following moves and deletes, and the app switched off.
const SHARES = '/ocs/v2.php/apps/files_sharing/api/v1/shares';
const PASSWORDS = { ann: 'ann-pw', ben: 'ben-pw' };
const auth = (user: keyof typeof PASSWORDS) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`,
  'OCS-APIRequest': 'true',
});

async function listen(apps?: { files_sharing: boolean }): Promise<{ server: Server; url: string }> {
  const { app } = buildDevNextcloud({
    issuer: 'http://127.0.0.1:9/unused',
    appPasswords: PASSWORDS,
    ...(apps ? { apps } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let on: { server: Server; url: string };
let off: { server: Server; url: string };

beforeAll(async () => {
  on = await listen();
  off = await listen({ files_sharing: false });
  await rawRequest(on.url, 'MKCOL', '/remote.php/dav/files/ann/Box', auth('ann'));
  await rawRequest(on.url, 'PUT', '/remote.php/dav/files/ann/Box/a.txt', auth('ann'), 'a');
}, 30_000);

afterAll(async () => {
  for (const { server } of [on, off]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

const propfindShareTypes = async (path: string) => {
  const response = await rawRequest(
    on.url,
    'PROPFIND',
    `/remote.php/dav/files/ann/${path}`,
    { ...auth('ann'), Depth: '0' },
    '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:share-types/></d:prop></d:propfind>',
  );
  return [...response.body.toString('utf8').matchAll(/<oc:share-type>(\d+)<\/oc:share-type>/g)].map(
    (m) => m[1],
  );
};

describe('files_sharing on the double', () => {
  it('answers OCS XML by default and takes a form-encoded body', async () => {
    const response = await rawRequest(
      on.url,
      'POST',
      SHARES,
      { ...auth('ann'), 'Content-Type': 'application/x-www-form-urlencoded' },
      'path=%2FBox&shareType=0&shareWith=ben&permissions=31',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const xml = response.body.toString('utf8');
    expect(xml).toContain('<statuscode>200</statuscode>');
    expect(xml).toContain('<share_with>ben</share_with>');
    expect(xml).toContain('<permissions>31</permissions>');
  });

  it('answers v1 failures with HTTP 200 and the code in meta', async () => {
    const response = await rawRequest(
      on.url,
      'POST',
      '/ocs/v1.php/apps/files_sharing/api/v1/shares?format=json',
      { ...auth('ann'), 'Content-Type': 'application/json' },
      JSON.stringify({ path: '/missing', shareType: 3 }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString('utf8')).ocs.meta).toMatchObject({ statuscode: 404 });
  });

  it('reports share types on the shared node, through a move, and forgets them when it is deleted', async () => {
    const created = await rawRequest(
      on.url,
      'POST',
      `${SHARES}?format=json`,
      { ...auth('ann'), 'Content-Type': 'application/json' },
      JSON.stringify({ path: '/Box/a.txt', shareType: 3 }),
    );
    const id = JSON.parse(created.body.toString('utf8')).ocs.data.id as string;
    expect(await propfindShareTypes('Box/a.txt')).toEqual(['3']);
    await rawRequest(on.url, 'MOVE', '/remote.php/dav/files/ann/Box/a.txt', {
      ...auth('ann'),
      Destination: '/remote.php/dav/files/ann/Box/b.txt',
    });
    expect(await propfindShareTypes('Box/b.txt')).toEqual(['3']);
    await rawRequest(on.url, 'DELETE', '/remote.php/dav/files/ann/Box/b.txt', auth('ann'));
    const gone = await rawRequest(on.url, 'GET', `${SHARES}/${id}?format=json`, auth('ann'));
    expect(gone.status).toBe(404);
  });

  it('has neither the capability nor the routes when files_sharing is off', async () => {
    const caps = await rawRequest(off.url, 'GET', '/ocs/v2.php/cloud/capabilities?format=json', auth('ann'));
    expect(Object.keys(JSON.parse(caps.body.toString('utf8')).ocs.data.capabilities)).not.toContain(
      'files_sharing',
    );
    const shares = await rawRequest(off.url, 'GET', `${SHARES}?format=json`, auth('ann'));
    expect(shares.status).toBe(404);
    expect(JSON.parse(shares.body.toString('utf8')).ocs.meta.statuscode).toBe(998);
  });
});
