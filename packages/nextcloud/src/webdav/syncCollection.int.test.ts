import { createSilentLogger } from '@nc-mcp/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpCore } from '../http.js';
import { loadFixture } from '../testing/fixtures.js';
import {
  createRouter,
  fixtureReply,
  type ReplayServer,
  type Router,
  startReplayServer,
} from '../testing/replayServer.js';
import { staticTokenSource } from '../testing/tokenSources.js';
import { syncCollection } from './syncCollection.js';

const CAL = '/remote.php/dav/calendars/fixture/fixture-cal/';
const reply = (id: string) => fixtureReply(loadFixture(id));

describe('syncCollection against the recorded server', () => {
  let server: ReplayServer;
  let router: Router;
  let dav: Parameters<typeof syncCollection>[0];

  beforeEach(async () => {
    router = createRouter();
    server = await startReplayServer((request) => router.route(request));
    dav = {
      http: createHttpCore({
        baseUrl: server.baseUrl,
        timeoutMs: 5000,
        fetch: globalThis.fetch,
        logger: createSilentLogger(),
      }),
      tokenSource: staticTokenSource('sub', 'tok'),
    };
  });
  afterEach(() => server.close());

  it('lists every member with an empty token, with Depth 1 and an empty sync-token element (caldav/023)', async () => {
    router.on('REPORT', CAL, reply('caldav/023'));
    const result = await syncCollection(dav, CAL, undefined);
    expect(result).toEqual({
      syncToken: 'http://sabre.io/ns/sync/5',
      changed: [
        { href: `${CAL}allday.ics`, etag: '4fec7a9cd9cfc4c25cfbebd900e541b9' },
        { href: `${CAL}event-1.ics`, etag: '8987982d17718eb99295a9ff6f6939d7' },
        { href: `${CAL}later.ics`, etag: '9a5d819b7275ca4a6c74b76eed68af03' },
        { href: `${CAL}recurring.ics`, etag: '62bb5ba1d4e1cd5183ec0e0c7e951d0e' },
      ],
      deleted: [],
    });
    const [request] = server.requests;
    expect(request?.headers.depth).toBe('1');
    expect(request?.body).toContain('<d:sync-token></d:sync-token>');
    expect(request?.body).toContain('<d:sync-level>1</d:sync-level>');
  });

  it('reports changed and deleted members since a token (caldav/027, 034)', async () => {
    router.on('REPORT', CAL, reply('caldav/027'), reply('caldav/034'));
    const first = await syncCollection(dav, CAL, 'http://sabre.io/ns/sync/5');
    expect(first.changed.map((c) => c.href)).toEqual([`${CAL}event-1.ics`, `${CAL}todo-1.ics`]);
    const second = await syncCollection(dav, CAL, first.syncToken);
    expect(second).toEqual({
      syncToken: 'http://sabre.io/ns/sync/9',
      changed: [{ href: `${CAL}todo-1.ics`, etag: '7f71d4bbb0aa3b23e08464395dc9b5c3' }],
      deleted: [`${CAL}event-1.ics`],
    });
    expect(server.requests[1]?.body).toContain('<d:sync-token>http://sabre.io/ns/sync/7</d:sync-token>');
  });

  it('answers "no changes" for a future token (caldav/035)', async () => {
    router.on('REPORT', CAL, reply('caldav/035'));
    expect(await syncCollection(dav, CAL, 'http://sabre.io/ns/sync/999999')).toEqual({
      syncToken: 'http://sabre.io/ns/sync/9',
      changed: [],
      deleted: [],
    });
  });

  it('maps the 403 valid-sync-token error to invalid_sync_token, and other 403s to forbidden (caldav/036)', async () => {
    router.on('REPORT', CAL, reply('caldav/036'));
    await expect(syncCollection(dav, CAL, 'garbage')).rejects.toMatchObject({
      code: 'invalid_sync_token',
      status: 403,
      retryable: false,
    });
    router.on('REPORT', CAL, { status: 403, body: '<d:error xmlns:d="DAV:"/>' });
    await expect(syncCollection(dav, CAL, 'garbage')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
