/**
 * The files_sharing part of the fixture contract: replays `sharing/` (recorded from a real Nextcloud
 * 34.0.1) in recording order against a fresh double with the recording's users (fixture, bob, admin,
 * carol, dave) and compares statuses, headers and bodies; share ids, tokens and file ids are mapped.
 *
 * Recreated first, through the double's own API: the files the recording's earlier folders left
 * (`Docs/`, `Notes/`, `Project/` with 5 bytes, `share-me.txt` with 15), and admin's share of its
 * `Docs/` with bob, which bob's list (sharing/020) shows.
 *
 * Deliberately excluded:
 * - 006, 007, 015, 016: public-link WebDAV (`/public.php/dav/files/<token>`); the double serves no public.php.
 * - 021: bob's PROPFIND with received shares mounted in his root (mount-type `shared`, `S` permissions);
 *   the double does not mount shares into the recipient's files.
 * - 034: the all-users sharee search also lists email contacts (from the address book) and the
 *   `admin` group; the double has neither contacts nor groups.
 * - 037: `sharees_recommended` is not served.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevNextcloud } from '../../app.js';
import { type Fixture, findFixturesDir, loadFixtures, numbers } from '../../testing/contract/fixtures.js';
import { type FixtureRule, type ReplayContext, replay } from '../../testing/contract/replay.js';
import { ValueMap } from '../../testing/contract/valueMap.js';
import { rawRequest } from '../../testing/rawRequest.js';

const INCLUDED = numbers([1, 5], [8, 14], [17, 20], [22, 33], [35, 36], [38, 44]);
const PASSWORDS: Readonly<Record<string, string>> = {
  fixture: 'fixture-app-password',
  bob: 'bob-app-password',
  admin: 'admin-app-password',
  carol: 'carol-app-password',
  dave: 'dave-app-password',
};

const RULES: Readonly<Record<string, FixtureRule>> = {
  // `{"permissions": 19}`: 19 is also a recorded share id, which the id map would rewrite.
  'sharing/012': { keepBody: true },
  'sharing/017': { keepBody: true },
};

let clockMs = Date.parse('2026-11-27T00:45:00Z');

function basic(user: string): string {
  return `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`;
}

async function must(
  baseUrl: string,
  user: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await rawRequest(
    baseUrl,
    method,
    path,
    { Authorization: basic(user), 'OCS-APIRequest': 'true', ...headers },
    body,
  );
  if (response.status >= 300) throw new Error(`setup ${method} ${path} failed: ${response.status}`);
}

/** Learns recorded → actual file ids of the fixture user's root listing (sharing/022's ids). */
async function learnFileIds(baseUrl: string, ids: ValueMap): Promise<void> {
  const response = await rawRequest(
    baseUrl,
    'PROPFIND',
    '/remote.php/dav/files/fixture/',
    { Authorization: basic('fixture'), Depth: '1' },
    '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>',
  );
  const actual = [...response.body.toString('utf8').matchAll(/<oc:fileid>(\d+)<\/oc:fileid>/g)].map(
    (m) => m[1],
  );
  // Recorded: root 314, Docs 315, Notes 338, Project 357, share-me.txt 359 (in this listing order).
  ['314', '315', '338', '357', '359'].forEach((recorded, index) => {
    const id = actual[index];
    if (id) ids.learn(recorded, id);
  });
}

const fixturesDir = findFixturesDir(fileURLToPath(new URL('../../..', import.meta.url)));

if (!fixturesDir) {
  describe('sharing fixture contract', () => {
    it.skip('is skipped: shared/nextcloud-fixtures not found (set NC_FIXTURES_DIR to the fixtures folder)', () => {});
  });
} else {
  const root = fixturesDir;
  describe('sharing fixture contract: files_sharing answers like the recorded Nextcloud 34', () => {
    let issuer: TestIssuer;
    let server: Server;
    const ctx = { ids: new ValueMap() } as { ids: ValueMap } & Partial<ReplayContext>;
    const fixtures: Fixture[] = loadFixtures(root, 'sharing', INCLUDED);

    beforeAll(async () => {
      issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
      const { app } = buildDevNextcloud({
        issuer: issuer.issuer,
        appPasswords: PASSWORDS,
        users: { fixture: { displayName: 'Fixture User', email: 'fixture@example.com' } },
        clock: () => clockMs,
      });
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await must(baseUrl, 'admin', 'MKCOL', '/remote.php/dav/files/admin/Docs');
      for (const folder of ['Docs', 'Notes', 'Project']) {
        await must(baseUrl, 'fixture', 'MKCOL', `/remote.php/dav/files/fixture/${folder}`);
      }
      await must(baseUrl, 'fixture', 'PUT', '/remote.php/dav/files/fixture/Project/plan.md', 'plan!');
      await must(baseUrl, 'fixture', 'PUT', '/remote.php/dav/files/fixture/share-me.txt', 'share me please');
      await must(
        baseUrl,
        'admin',
        'POST',
        '/ocs/v2.php/apps/files_sharing/api/v1/shares',
        JSON.stringify({ path: '/Docs', shareType: 0, shareWith: 'bob' }),
        { 'Content-Type': 'application/json', Accept: 'application/json' },
      );
      // Admin's share of Docs was id 2 in the recording.
      ctx.ids.learn('2', '1');
      await learnFileIds(baseUrl, ctx.ids);
      Object.assign(ctx, {
        baseUrl,
        credentials: {
          user: 'fixture',
          appPassword: PASSWORDS.fixture,
          others: PASSWORDS,
          accessToken: await issuer.sign({
            sub: 'fixture-sub',
            preferred_username: 'fixture',
            name: 'Fixture User',
            email: 'fixture@example.com',
          }),
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
    });

    for (const fixture of fixtures) {
      it(`${fixture.id}: ${fixture.title}`, async () => {
        clockMs += 1000;
        const problems = await replay(fixture, ctx as ReplayContext, RULES[fixture.id]);
        expect(problems, fixture.file).toEqual([]);
      });
    }
  });
}
