import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { loadFixture } from '../testing/fixtures.js';
import { createRouter, fixtureReply, startReplayServer } from '../testing/replayServer.js';

// The unified-search client against the Nextcloud test double (hashed uids, as user_oidc makes them).
let issuer: TestIssuer;
let nextcloud: DevNextcloud;

function sessionFor(sub: string, baseUrl = nextcloud.url): NextcloudSession {
  return createNextcloudClient({ baseUrl }).session({
    subject: sub,
    getToken: () => issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub }),
  });
}

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('unified search against the double', () => {
  it('lists the files and notes providers', async () => {
    const providers = await sessionFor('search-list').search.listProviders();
    expect(providers.map((provider) => [provider.id, provider.appId])).toEqual([
      ['notes', 'notes'],
      ['files', 'files'],
    ]);
  });

  it('finds files by name with links and pages with the cursor', async () => {
    const session = sessionFor('search-files');
    await session.webdav.mkcol('Budget');
    for (const name of ['budget-a.txt', 'budget-b.txt', 'budget-c.txt'])
      await session.webdav.put(`Budget/${name}`, 'x');
    const first = await session.search.search('files', 'BUDGET-', { limit: 2 });
    expect(first.results).toHaveLength(2);
    expect(first).toMatchObject({ isPaginated: true, cursor: '2' });
    expect(first.results[0]).toMatchObject({ providerId: 'files', appId: 'files', subline: 'in Budget' });
    expect(first.results[0]?.url).toMatch(new RegExp(`^${nextcloud.url}/index\\.php/f/\\d+$`));
    const second = await session.search.search('files', 'budget-', { limit: 2, cursor: first.cursor });
    expect(second.results.map((result) => result.title)).toHaveLength(1);
    const titles = [...first.results, ...second.results].map((result) => result.title).sort();
    expect(titles).toEqual(['budget-a.txt', 'budget-b.txt', 'budget-c.txt']);
  });

  it('finds notes by content, and never another user’s', async () => {
    const alice = sessionFor('search-alice');
    await alice.notes.create({ title: 'Plans', content: 'the zebracorn strategy' });
    const found = await alice.search.search('notes', 'zebracorn');
    expect(found.results.map((result) => [result.title, result.appId])).toEqual([['Plans', 'notes']]);
    const bob = sessionFor('search-bob');
    expect((await bob.search.search('notes', 'zebracorn')).results).toEqual([]);
    expect((await bob.search.search('files', 'Plans')).results).toEqual([]);
  });

  it('reports an unknown provider (and an app id used as one) as unknown_search_provider', async () => {
    const session = sessionFor('search-unknown');
    for (const id of ['nosuchprovider', 'deck']) {
      await expect(session.search.search(id, 'x')).rejects.toMatchObject({ code: 'unknown_search_provider' });
    }
  });

  it('refuses an empty term without asking Nextcloud', async () => {
    await expect(sessionFor('search-empty').search.search('files', '  ')).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('unified search against the recorded server', () => {
  it('keeps a 996 of a listed provider a server error, not an unknown provider', async () => {
    const crash = fixtureReply(loadFixture('search/015'));
    const router = createRouter()
      .on('GET', '/ocs/v2.php/search/providers', fixtureReply(loadFixture('search/001')))
      .on('GET', '/ocs/v2.php/search/providers/files/search', crash)
      .on('GET', '/ocs/v2.php/search/providers/nosuchprovider/search', crash);
    const server = await startReplayServer(router.route);
    try {
      const session = sessionFor('recorded', server.baseUrl);
      await expect(session.search.search('files', 'quarterly')).rejects.toMatchObject({
        code: 'unavailable',
        status: 500,
      });
      await expect(session.search.search('nosuchprovider', 'quarterly')).rejects.toMatchObject({
        code: 'unknown_search_provider',
      });
      const sent = server.requests.find((request) => request.url.includes('/files/search'));
      expect(sent?.url).toBe('/ocs/v2.php/search/providers/files/search?term=quarterly&format=json');
      expect(sent?.headers['ocs-apirequest']).toBe('true');
    } finally {
      await server.close();
    }
  });
});
