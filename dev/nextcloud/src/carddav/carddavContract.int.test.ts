/**
 * The CardDAV part of the fixture contract: replays `carddav/` (recorded from a real Nextcloud 34.0.1)
 * in recording order against a fresh double and compares statuses, headers and bodies (vCard text
 * exactly; ETags learned, and checked where the same card comes back).
 *
 * Recreated first: what the fixture user's first web login made (quirk 19) — the `contacts` book
 * (sync token 1) with Nextcloud's example card `default` (token 2, as carddav/001 shows) — and the
 * account `dave`, whom the system address book lists beside `fixture` (carddav/027).
 *
 * Also replayed: auth/013–016, the address-book home with an app password, a valid bearer token, a
 * garbage bearer token and no credentials.
 *
 * Deliberately excluded:
 * - 011: the stored card carries a UID the server generated at random; the double appends one in the
 *   same place (checked in carddav.int.test.ts), but its value cannot match.
 *
 * Relaxed: in 001 the system address book's ctag and sync token (83 on the recorded server) count
 * every account change ever made there; the double's are its own. They are compared for presence.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevNextcloud } from '../app.js';
import { type Fixture, findFixturesDir, loadFixtures, numbers } from '../testing/contract/fixtures.js';
import { type ReplayContext, replay } from '../testing/contract/replay.js';
import { ValueMap } from '../testing/contract/valueMap.js';
import { rawRequest } from '../testing/rawRequest.js';

const INCLUDED = numbers([1, 10], [12, 29]);
const AUTH_INCLUDED = numbers([13, 16]);
const PASSWORDS: Readonly<Record<string, string>> = {
  fixture: 'fixture-app-password',
  dave: 'dave-app-password',
};
const SYSTEM_BOOK_VALUES = [
  '/remote.php/dav/addressbooks/users/fixture/z-server-generated--system/ {http://calendarserver.org/ns/}getctag',
  '/remote.php/dav/addressbooks/users/fixture/z-server-generated--system/ {DAV:}sync-token',
];

// What Nextcloud's example contact looks like is not in the recording; only its name and existence are.
const EXAMPLE_CARD =
  'BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Nextcloud Contacts//EN\r\nUID:example-contact\r\nFN:Leon Green\r\nN:Green;Leon;;;\r\nEND:VCARD\r\n';

let clockMs = Date.parse('2026-11-27T00:25:00Z');

function basic(user: string): string {
  return `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`;
}

async function must(
  baseUrl: string,
  user: string,
  method: string,
  path: string,
  body?: string,
): Promise<void> {
  const response = await rawRequest(baseUrl, method, path, { Authorization: basic(user) }, body);
  if (response.status >= 300) throw new Error(`setup ${method} ${path} failed: ${response.status}`);
}

const fixturesDir = findFixturesDir(fileURLToPath(new URL('../..', import.meta.url)));

if (!fixturesDir) {
  describe('carddav fixture contract', () => {
    it.skip('is skipped: shared/nextcloud-fixtures not found (set NC_FIXTURES_DIR to the fixtures folder)', () => {});
  });
} else {
  const root = fixturesDir;
  describe('carddav fixture contract: address books and vCards answer like the recorded Nextcloud 34', () => {
    let issuer: TestIssuer;
    let server: Server;
    const ctx = { ids: new ValueMap() } as { ids: ValueMap } & Partial<ReplayContext>;
    const fixtures: Fixture[] = loadFixtures(root, 'carddav', INCLUDED);
    const authFixtures: Fixture[] = loadFixtures(root, 'auth', AUTH_INCLUDED);

    beforeAll(async () => {
      issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
      const { app } = buildDevNextcloud({
        issuer: issuer.issuer,
        appPasswords: PASSWORDS,
        clock: () => clockMs,
      });
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await must(baseUrl, 'dave', 'PROPFIND', '/remote.php/dav/addressbooks/users/dave/');
      await must(
        baseUrl,
        'fixture',
        'MKCOL',
        '/remote.php/dav/addressbooks/users/fixture/contacts/',
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>' +
          '<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Contacts</d:displayname>' +
          '</d:prop></d:set></d:mkcol>',
      );
      await must(
        baseUrl,
        'fixture',
        'PUT',
        '/remote.php/dav/addressbooks/users/fixture/contacts/default',
        EXAMPLE_CARD,
      );
      Object.assign(ctx, {
        baseUrl,
        credentials: {
          user: 'fixture',
          appPassword: PASSWORDS.fixture,
          others: PASSWORDS,
          accessToken: await issuer.sign({ sub: 'fixture-sub', preferred_username: 'fixture' }),
        },
      });
    }, 30_000);

    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      await issuer?.close();
    });

    it('finds every selected fixture', () => {
      expect(fixtures.map((fixture) => Number(fixture.id.slice(-3)))).toEqual([...INCLUDED]);
      expect(authFixtures.map((fixture) => Number(fixture.id.slice(-3)))).toEqual([...AUTH_INCLUDED]);
    });

    for (const fixture of [...fixtures, ...authFixtures]) {
      it(`${fixture.id}: ${fixture.title}`, async () => {
        clockMs += 1000;
        const problems = await replay(fixture, ctx as ReplayContext);
        const relaxed =
          fixture.id === 'carddav/001'
            ? problems.filter((problem) => !SYSTEM_BOOK_VALUES.some((prefix) => problem.startsWith(prefix)))
            : problems;
        expect(relaxed, fixture.file).toEqual([]);
      });
    }
  });
}
