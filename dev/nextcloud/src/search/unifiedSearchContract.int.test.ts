/**
 * Unified search against the recorded Nextcloud 34 (search/ of shared/nextcloud-fixtures): the state the
 * recording searched is put in place first (two files and a folder over WebDAV, two notes over the Notes
 * API, all in one second as the recording's were), its file ids are mapped onto the recorded ones, and
 * the exchanges are replayed with the shared contract machinery.
 *
 * Replayed: 002–006 (files, paging, no match, notes), 010 and 015 (996 for an app id and an unknown
 * id), 013–014 (400 without a term), 016 (XML), 018 (bearer), 019 (no auth). 001 and 017 (provider
 * lists) are compared entry by entry: the double has only the files and notes providers, so each of its
 * entries must equal the recorded entry with the same id, in the recorded relative order.
 *
 * Skipped: 007–009 (deck providers), 011 (tables), 012 (settings): apps the double does not have, so it
 * does not list those providers and answers them 996 like any unknown id.
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

const REPLAYED = numbers([2, 6], 10, [13, 16], 18, 19);
const PROVIDER_LISTS = numbers(1, 17);
// Recorded file ids of the searched items (search/002, 006).
const RECORDED_IDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['362', ['quarterly-report.txt']],
  ['364', ['Reports', 'quarterly-summary.md']],
  ['366', ['Notes', 'Quarterly planning.md']],
  ['367', ['Notes', 'Groceries.md']],
];

const fixturesDir = findFixturesDir(fileURLToPath(new URL('../..', import.meta.url)));

if (!fixturesDir) {
  describe('unified search contract', () => {
    it.skip('is skipped: shared/nextcloud-fixtures not found (set NC_FIXTURES_DIR)', () => {});
  });
} else {
  const root = fixturesDir;
  describe('unified search: the double answers like the recorded Nextcloud 34', () => {
    let issuer: TestIssuer;
    let server: Server;
    let ctx: ReplayContext;
    const clockMs = Date.parse('2026-11-27T00:40:00Z');

    beforeAll(async () => {
      issuer = await startTestIssuer({ claims: { aud: 'nextcloud' }, tokenLifetimeSeconds: 3600 });
      const { app, store } = buildDevNextcloud({
        issuer: issuer.issuer,
        appPasswords: { fixture: 'fixture-app-password' },
        users: { fixture: { displayName: 'Fixture User', email: 'fixture@example.com' } },
        clock: () => clockMs,
      });
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      ctx = {
        baseUrl,
        ids: new ValueMap(),
        credentials: {
          user: 'fixture',
          appPassword: 'fixture-app-password',
          accessToken: await issuer.sign({ sub: 'fixture-sub', preferred_username: 'fixture' }),
        },
      };
      const basic = `Basic ${Buffer.from('fixture:fixture-app-password').toString('base64')}`;
      const send = async (method: string, path: string, body?: string, json = false) => {
        const headers: Record<string, string> = { Authorization: basic };
        if (json) Object.assign(headers, { 'Content-Type': 'application/json', 'OCS-APIRequest': 'true' });
        const response = await rawRequest(baseUrl, method, path, headers, body);
        if (response.status >= 300) throw new Error(`seeding ${method} ${path}: ${response.status}`);
      };
      await send('PUT', '/remote.php/dav/files/fixture/quarterly-report.txt', 'Q3 numbers');
      await send('MKCOL', '/remote.php/dav/files/fixture/Reports');
      await send('PUT', '/remote.php/dav/files/fixture/Reports/quarterly-summary.md', '# Summary');
      for (const [title, content] of [
        ['Quarterly planning', 'Quarterly goals and OKRs'],
        ['Groceries', 'milk, quarterly bulk order of rice'],
      ]) {
        await send('POST', '/index.php/apps/notes/api/v1/notes', JSON.stringify({ title, content }), true);
      }
      const tree = store.get('fixture')?.files;
      for (const [recorded, path] of RECORDED_IDS) {
        const node = tree?.resolve(path);
        if (!node) throw new Error(`seeded ${path.join('/')} is missing`);
        ctx.ids.learn(recorded, String(node.id));
      }
    }, 30_000);

    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      await issuer?.close();
    });

    /** The fixture with its recorded file ids replaced by the double's, in the path and the body. */
    const mapped = (fixture: Fixture): Fixture => ({
      ...fixture,
      response: { ...fixture.response, body: ctx.ids.apply(fixture.response.body) },
    });

    for (const fixture of loadFixtures(root, 'search', REPLAYED)) {
      it(`${fixture.id}: ${fixture.title}`, async () => {
        const problems = await replay(mapped(fixture), ctx);
        expect(problems, fixture.file).toEqual([]);
      });
    }

    for (const fixture of loadFixtures(root, 'search', PROVIDER_LISTS)) {
      it(`${fixture.id}: ${fixture.title} (the double's providers only)`, async () => {
        const recorded = (JSON.parse(fixture.response.body) as { ocs: { data: Array<{ id: string }> } }).ocs
          .data;
        const problems = await replay(
          { ...fixture, response: { ...fixture.response, body: '' } },
          ctx,
          {},
        ).then((found) => found.filter((problem) => !problem.startsWith('body:')));
        expect(problems, fixture.file).toEqual([]);
        const response = await rawRequest(ctx.baseUrl, 'GET', fixture.request.path, {
          'OCS-APIRequest': 'true',
          Accept: 'application/json',
          Authorization: `Basic ${Buffer.from('fixture:fixture-app-password').toString('base64')}`,
        });
        const served = (
          JSON.parse(response.body.toString('utf8')) as { ocs: { data: Array<{ id: string }> } }
        ).ocs.data;
        expect(served.map((provider) => provider.id)).toEqual(
          recorded.map((provider) => provider.id).filter((id) => id === 'notes' || id === 'files'),
        );
        for (const provider of served) {
          expect(provider).toEqual(recorded.find((candidate) => candidate.id === provider.id));
        }
      });
    }
  });
}
