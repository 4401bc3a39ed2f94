import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevNextcloud } from '../app.js';
import { rawRequest } from '../testing/rawRequest.js';

// Behaviour of the double's CardDAV beyond the replayed recordings (see carddavContract.int.test.ts).
const PASSWORDS = { ann: 'ann-app-password', ben: 'ben-app-password' };
const HOME = '/remote.php/dav/addressbooks/users/ann';
let issuer: TestIssuer;
let server: Server;
let baseUrl: string;

function as(
  user: keyof typeof PASSWORDS,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const auth = `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`;
  return rawRequest(baseUrl, method, path, { Authorization: auth, ...headers }, body).then((response) => ({
    ...response,
    text: response.body.toString('utf8'),
  }));
}

const card = (uid: string | undefined, fn: string, extra = '') =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\n${uid === undefined ? '' : `UID:${uid}\r\n`}FN:${fn}\r\nN:${fn};;;;\r\n${extra}END:VCARD\r\n`;

const MKCOL =
  '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>' +
  '<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Contacts</d:displayname>' +
  '</d:prop></d:set></d:mkcol>';

const sync = (token: string) =>
  `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: { aud: 'nextcloud' } });
  const { app } = buildDevNextcloud({ issuer: issuer.issuer, appPasswords: PASSWORDS });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await issuer?.close();
});

describe('CardDAV on the double', () => {
  it('has no contacts book before one is made (Nextcloud makes it at the first web login), only system and app books', async () => {
    const home = await as('ann', 'PROPFIND', `${HOME}/`, undefined, { Depth: '1' });
    expect(home.status).toBe(207);
    expect(home.text).not.toContain(`${HOME}/contacts/`);
    expect(home.text).toContain(`${HOME}/z-server-generated--system/`);
    expect((await as('ann', 'PUT', `${HOME}/contacts/a.vcf`, card('a', 'A'))).status).toBe(404);
    expect((await as('ann', 'MKCOL', `${HOME}/contacts/`, MKCOL)).status).toBe(201);
  });

  it('adds a missing UID at the end and then answers without an ETag', async () => {
    const put = await as('ann', 'PUT', `${HOME}/contacts/nouid.vcf`, card(undefined, 'No Uid'));
    expect(put.status).toBe(201);
    expect(put.headers.etag).toBeUndefined();
    const got = await as('ann', 'GET', `${HOME}/contacts/nouid.vcf`);
    expect(got.text).toMatch(
      /^BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:No Uid\r\nN:No Uid;;;;\r\nUID:[0-9a-f-]{36}\r\nEND:VCARD\r\n$/,
    );
  });

  it('refuses a second card with the same UID in one book, and another component type', async () => {
    expect((await as('ann', 'PUT', `${HOME}/contacts/u1.vcf`, card('same-uid', 'One'))).status).toBe(201);
    const duplicate = await as('ann', 'PUT', `${HOME}/contacts/u2.vcf`, card('same-uid', 'Two'));
    expect(duplicate.status).toBe(400);
    const calendar = await as(
      'ann',
      'PUT',
      `${HOME}/contacts/cal.vcf`,
      'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    );
    expect(calendar.status).toBe(415);
  });

  it('keeps the system address book read-only and lists accounts in it', async () => {
    const put = await as('ann', 'PUT', `${HOME}/z-server-generated--system/x.vcf`, card('x', 'X'));
    expect(put.status).toBe(403);
    const list = await as('ann', 'PROPFIND', `${HOME}/z-server-generated--system/`, undefined, {
      Depth: '1',
    });
    expect(list.text).toContain('Database:ann.vcf');
  });

  it("never shows another user's books or cards", async () => {
    expect((await as('ben', 'GET', `${HOME}/contacts/u1.vcf`)).status).toBe(404);
    expect((await as('ben', 'PUT', `${HOME}/contacts/evil.vcf`, card('evil', 'Evil'))).status).toBe(404);
    expect((await as('ben', 'DELETE', `${HOME}/contacts/u1.vcf`)).status).toBe(404);
    expect((await as('ann', 'GET', `${HOME}/contacts/u1.vcf`)).status).toBe(200);
  });

  it('syncs: changes and deletes since a token, a future token has none, a malformed one is 403', async () => {
    const first = await as('ann', 'REPORT', `${HOME}/contacts/`, sync(''), { Depth: '1' });
    const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(first.text)?.[1] ?? '';
    expect(token).toMatch(/^http:\/\/sabre\.io\/ns\/sync\/\d+$/);
    await as('ann', 'DELETE', `${HOME}/contacts/u1.vcf`);
    await as('ann', 'PUT', `${HOME}/contacts/new.vcf`, card('new', 'New'));
    const next = await as('ann', 'REPORT', `${HOME}/contacts/`, sync(token), { Depth: '1' });
    expect(next.text).toContain(`<d:href>${HOME}/contacts/new.vcf</d:href><d:propstat>`);
    expect(next.text).toContain(
      `<d:href>${HOME}/contacts/u1.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>`,
    );
    const future = await as('ann', 'REPORT', `${HOME}/contacts/`, sync('http://sabre.io/ns/sync/9999'), {
      Depth: '1',
    });
    expect(future.status).toBe(207);
    expect(future.text).not.toContain('<d:response>');
    const bad = await as('ann', 'REPORT', `${HOME}/contacts/`, sync('garbage'), { Depth: '1' });
    expect(bad.status).toBe(403);
    expect(bad.text).toContain('<d:valid-sync-token/>');
  });

  it('limits addressbook-query results to card:nresults and matches case-insensitively', async () => {
    const query = (text: string, limit: number) =>
      '<?xml version="1.0"?><card:addressbook-query xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">' +
      '<d:prop><d:getetag/></d:prop><card:filter test="anyof"><card:prop-filter name="FN">' +
      `<card:text-match collation="i;unicode-casemap" match-type="contains">${text}</card:text-match>` +
      `</card:prop-filter></card:filter><card:limit><card:nresults>${limit}</card:nresults></card:limit></card:addressbook-query>`;
    const all = await as('ann', 'REPORT', `${HOME}/contacts/`, query('N', 10), { Depth: '1' });
    const limited = await as('ann', 'REPORT', `${HOME}/contacts/`, query('n', 1), { Depth: '1' });
    expect(all.text.match(/<d:response>/g)?.length).toBeGreaterThan(1);
    expect(limited.text.match(/<d:response>/g)?.length).toBe(1);
  });
});
