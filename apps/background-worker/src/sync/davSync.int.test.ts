import type { SyncOutcome } from '@nc-mcp/search-index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../startWorker.js';
import { createWorkerHarness, type WorkerHarness, waitFor } from '../testing/workerHarness.js';

const SCOPES = ['calendar.read', 'contacts.read'];

/** One request the worker sent to Nextcloud: method, decoded path, and its body when it had one. */
interface SentRequest {
  method: string;
  path: string;
  body: string;
}

describe('calendar and contacts sync against the Nextcloud double', () => {
  let h: WorkerHarness;
  let worker: RunningWorker;
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    sent.push({ method: init?.method ?? 'GET', path: decodeURIComponent(url.pathname), body });
    return fetch(input, init);
  };

  const idle = () =>
    waitFor(async () => (await h.queue.getJobCountByTypes('active', 'waiting', 'prioritized')) === 0);

  async function syncNow(userId: string): Promise<SyncOutcome> {
    await idle();
    const before = (await worker.index.syncStatus(userId))?.at ?? 0;
    await h.producer.syncNow(userId);
    const outcome = await waitFor(async () => {
      const status = await worker.index.syncStatus(userId);
      return status !== undefined && status.at > before ? status : undefined;
    });
    await idle();
    return outcome;
  }

  /** The REPORTs sent since `mark`: which kind, on which collection, and (for a multiget) which members. */
  function reports(mark: number) {
    return sent
      .slice(mark)
      .filter((request) => request.method === 'REPORT')
      .map((request) => {
        const kind = /<[a-z]+:([a-z-]+)[ >]/.exec(request.body.replace(/^<\?xml[^>]*>\s*/, ''))?.[1] ?? '';
        const token = /<d:sync-token>([^<]*)<\/d:sync-token>/.exec(request.body)?.[1];
        const members = [...request.body.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((match) =>
          decodeURIComponent(match[1]?.split('/').pop() ?? ''),
        );
        return { kind, collection: request.path.split('/').filter(Boolean).pop(), token, members };
      });
  }

  const titles = async (query: string) =>
    (await worker.index.search('alice', query)).map((hit) => [hit.family, hit.title]);

  let eventName = '';
  let taskName = '';
  let contactId = '';

  beforeAll(async () => {
    h = await createWorkerHarness();
    const alice = h.userSession('alice');
    const event = await alice.calendar.createEvent('personal', {
      summary: 'Zebra census',
      start: '2026-05-04T10:00',
      timeZone: 'Europe/Berlin',
      location: 'Savanna hall',
      description: 'count every stripe',
    });
    eventName = event.objectName;
    await alice.caldav.createCalendar('todo', { displayName: 'Todo', components: ['VTODO'] });
    const task = await alice.tasks.createTask('todo', {
      summary: 'Feed the zebras',
      description: 'hay bales',
      due: '2026-05-06',
    });
    taskName = task.objectName;
    const contact = await alice.contacts.createContact({
      fullName: 'Zelda Zebra',
      emails: [{ value: 'zelda@example.org', type: 'work' }],
      phones: [{ value: '+49 30 1234567' }],
      organization: 'Stripes Inc',
      note: 'met at the watering hole',
    });
    contactId = contact.id;
    h.tokens.provision('alice', SCOPES);
    worker = await h.start({ fetch: recordingFetch });
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('indexes events, tasks and contacts at the first sync', async () => {
    const outcome = await syncNow('alice');
    expect(outcome).toMatchObject({ state: 'ok', errors: [] });
    expect(await worker.index.counts('alice')).toEqual({ calendar: 2, contacts: 1 });
    expect(await titles('savanna stripe')).toEqual([['calendar', 'Zebra census']]);
    expect(await titles('hay')).toEqual([['calendar', 'Feed the zebras']]);
    expect(await titles('watering')).toEqual([['contacts', 'Zelda Zebra']]);
    expect(await titles('zelda example')).toEqual([['contacts', 'Zelda Zebra']]);
    expect(await titles('stripes inc')).toEqual([['contacts', 'Zelda Zebra']]);

    const [task] = await worker.index.search('alice', 'feed', { families: ['calendar'] });
    expect(task?.link).toBe(`nextcloud://calendar/todo/${encodeURIComponent(taskName)}`);
    expect((await worker.index.search('alice', 'needs action due 2026')).map((hit) => hit.title)).toEqual([
      'Feed the zebras',
    ]);
    const [event] = await worker.index.search('alice', 'census');
    expect(event?.link).toBe(`nextcloud://calendar/personal/${encodeURIComponent(eventName)}`);
    expect(event?.id).toMatch(/^\/remote\.php\/dav\/calendars\/alice\/personal\/.+\.ics$/);
    const [card] = await worker.index.search('alice', 'zelda');
    expect(card?.link).toBe(`nextcloud://contacts/contacts/${encodeURIComponent(contactId)}`);
    // The birthday calendar is never asked for.
    expect(sent.some((request) => request.path.includes('contact_birthdays'))).toBe(false);
  });

  it('sends no sync REPORT and fetches nothing when nothing changed', async () => {
    const mark = sent.length;
    await syncNow('alice');
    expect(reports(mark)).toEqual([]);
  });

  it('follows an update and a deletion through sync-collection, fetching only what changed', async () => {
    const alice = h.userSession('alice');
    const event = await alice.calendar.getEvent('personal', eventName);
    await alice.calendar.updateEvent(
      'personal',
      eventName,
      { location: 'Okavango delta' },
      { etag: event.etag },
    );
    await alice.tasks.deleteTask('todo', taskName, {});
    await alice.contacts.updateContact('contacts', contactId, { note: 'now lives by the river' });
    const mark = sent.length;
    const outcome = await syncNow('alice');
    expect(outcome).toMatchObject({ state: 'ok', errors: [] });

    const sentNow = reports(mark);
    const syncs = sentNow.filter((report) => report.kind === 'sync-collection');
    expect(syncs.map((report) => report.collection).sort()).toEqual(['contacts', 'personal', 'todo']);
    expect(syncs.every((report) => (report.token ?? '') !== '')).toBe(true);
    const multigets = sentNow.filter((report) => report.kind.endsWith('multiget'));
    expect(multigets.map((report) => [report.collection, report.members])).toEqual(
      expect.arrayContaining([
        ['personal', [eventName]],
        ['contacts', [contactId]],
      ]),
    );
    expect(multigets).toHaveLength(2);

    expect(await titles('okavango')).toEqual([['calendar', 'Zebra census']]);
    expect(await titles('savanna')).toEqual([]);
    expect(await titles('hay')).toEqual([]);
    expect(await titles('river')).toEqual([['contacts', 'Zelda Zebra']]);
    expect(await titles('watering')).toEqual([]);
    expect(await worker.index.counts('alice')).toEqual({ calendar: 1, contacts: 1 });
  });

  it('falls back to a full resync of a collection whose sync token is refused', async () => {
    const alice = h.userSession('alice');
    const added = await alice.calendar.createEvent('personal', {
      summary: 'Okapi talk',
      start: '2026-06-01',
    });
    await worker.index.setSyncToken('alice', 'calendar/personal', 'not-a-token-the-server-knows');
    const mark = sent.length;
    const outcome = await syncNow('alice');
    expect(outcome).toMatchObject({ state: 'ok', errors: [] });

    const personal = reports(mark).filter((report) => report.collection === 'personal');
    expect(personal.map((report) => [report.kind, report.token])).toEqual([
      ['sync-collection', 'not-a-token-the-server-knows'],
      ['sync-collection', ''],
      ['calendar-multiget', undefined],
    ]);
    // The full listing is compared with the index: the unchanged event is not fetched again.
    expect(personal[2]?.members).toEqual([added.objectName]);
    expect(await titles('okapi')).toEqual([['calendar', 'Okapi talk']]);
    expect(await titles('okavango')).toEqual([['calendar', 'Zebra census']]);
    const token = await worker.index.getSyncToken('alice', 'calendar/personal');
    expect(token).toMatch(/^http:\/\/sabre\.io\/ns\/sync\/\d+$/);
  });

  it('removes the items of a calendar that was deleted', async () => {
    const alice = h.userSession('alice');
    await alice.caldav.createCalendar('trips', { displayName: 'Trips', components: ['VEVENT'] });
    await alice.calendar.createEvent('trips', { summary: 'Serengeti trip', start: '2026-07-01' });
    await syncNow('alice');
    expect(await titles('serengeti')).toEqual([['calendar', 'Serengeti trip']]);

    const token = await h.idp.signAccessToken({ sub: 'alice', aud: 'nextcloud' });
    const removed = await fetch(`${h.nextcloud.url}/remote.php/dav/calendars/alice/trips/`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(204);
    await syncNow('alice');
    expect(await titles('serengeti')).toEqual([]);
    expect(await worker.index.getSyncToken('alice', 'calendar/trips')).toBeUndefined();
    expect(await titles('okapi')).toEqual([['calendar', 'Okapi talk']]);
  });

  it('syncs only the DAV families whose scope was granted', async () => {
    const bob = h.userSession('bob');
    await bob.calendar.createEvent('personal', { summary: 'Bob gnu meeting', start: '2026-05-05' });
    await bob.contacts.createContact({ fullName: 'Gnu Gnusson' });
    h.tokens.provision('bob', ['calendar.read']);
    await syncNow('bob');
    expect(await worker.index.counts('bob')).toEqual({ calendar: 1 });
    expect(
      h.tokens.requests.filter((request) => request.userId === 'bob').flatMap((r) => r.scopes),
    ).not.toContain('contacts.read');
  });

  it('never writes a token to the logs', () => {
    const text = h.logs.text();
    expect(text).toContain('user sync finished');
    for (const token of h.tokens.issued) expect(text).not.toContain(token);
  });
});
