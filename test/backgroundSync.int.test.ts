import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithToken } from './support/connect.js';
import { grantAtProvisionPage, grantBackgroundAccess } from './support/consent.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured, structured } from './support/toolResults.js';
import { mcpToken, ownFiles } from './support/userFiles.js';

// Background sync end to end: consent through the real dev IdP, the real broker refreshing the
// stored grant, the real worker on the machine's Redis syncing from the test double, and the MCP
// tools reading what it indexed.

const TIMEOUT = 120_000;

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(['pass-through', 'exchange'] as const)('background sync in %s mode', (mode) => {
  let stack: Stack;
  let alice: McpTestClient;
  let token: string;

  const status = async () => structured(await call(alice, 'nc_sync_status', {}));
  const searchTitles = async (query: string) =>
    (structured(await call(alice, 'nc_search', { query })).hits as Structured[]).map((hit) =>
      String(hit.title),
    );
  /** Waits for a sync that finished after `since` (ms) and returns its status. */
  const syncedAfter = (since: number) =>
    eventually(async () => {
      const current = await status();
      const last = current.lastSync as Structured | undefined;
      return last && Date.parse(String(last.at)) > since ? current : undefined;
    }, 'a background sync');

  beforeAll(async () => {
    stack = await startStack({ mode, worker: true });
    token = await mcpToken(stack, 'alice', [
      'notes.read',
      'notes.write',
      'files.read',
      'calendar.read',
      'calendar.write',
      'contacts.read',
      'contacts.write',
    ]);
    alice = await connectWithToken('v2-modern', stack.mcpUrl, token);
  }, TIMEOUT);
  afterAll(async () => {
    await alice?.close();
    await stack?.close();
  });

  it(
    'indexes notes and files once access is granted, and follows changes and deletions',
    async () => {
      const note = structured(
        await call(alice, 'nc_notes_create', { title: 'Zebra migration plan', content: 'herds move north' }),
      );
      const own = ownFiles(stack, token);
      await own.session.webdav.mkcol('Docs');
      await own.session.webdav.put('Docs/zebra-facts.txt', 'stripes are unique');

      const before = Date.now();
      if (mode === 'exchange') await grantAtProvisionPage(stack, 'alice');
      else await grantBackgroundAccess(alice, 'alice');
      // Consent tells the worker at once: no "sync now" is needed for the first sync.
      const first = await syncedAfter(before);
      expect(first).toMatchObject({ provisioned: true, lastSync: { state: 'ok' } });
      expect(await searchTitles('zebra')).toEqual(
        expect.arrayContaining(['Zebra migration plan', 'zebra-facts.txt']),
      );

      structured(
        await call(alice, 'nc_notes_update', {
          id: note.id,
          content: 'herds move north with the quokka',
          etag: note.etag,
        }),
      );
      structured(await call(alice, 'nc_notes_create', { title: 'Short-lived zebra', content: 'gone soon' }));
      const created = Date.now();
      structured(await call(alice, 'nc_sync_now', {}));
      const second = await syncedAfter(created);
      expect(await searchTitles('quokka')).toEqual(['Zebra migration plan']);
      const notesBefore = (second.counts as Structured).notes;

      const listed = structured(await call(alice, 'nc_notes_search', { query: 'Short-lived' }));
      const doomed = (listed.notes as Structured[])[0];
      structured(await call(alice, 'nc_notes_delete', { id: doomed?.id }));
      const deleted = Date.now();
      structured(await call(alice, 'nc_sync_now', {}));
      const third = await syncedAfter(deleted);
      expect((third.counts as Structured).notes).toBe(Number(notesBefore) - 1);
      expect(await searchTitles('short-lived')).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'indexes a calendar event and a contact, which nc_search finds and re-checks',
    async () => {
      const event = structured(
        await call(alice, 'nc_event_create', {
          summary: 'Zebra crossing drill',
          start: '2026-05-04T10:00',
          timeZone: 'Europe/Berlin',
          location: 'Main gate',
        }),
      );
      const contact = structured(
        await call(alice, 'nc_contact_create', {
          fullName: 'Zeno Zebra',
          emails: [{ value: 'zeno@example.org' }],
          note: 'keeps the okapis',
        }),
      );
      const created = Date.now();
      structured(await call(alice, 'nc_sync_now', {}));
      const synced = await syncedAfter(created);
      expect(synced.counts).toMatchObject({ calendar: 1, contacts: 1 });

      const found = structured(
        await call(alice, 'nc_search', { query: 'zebra', families: ['calendar', 'contacts'] }),
      );
      const hits = (found.hits as Structured[]).map((hit) => [hit.family, hit.title, String(hit.link)]);
      expect(hits).toEqual(
        expect.arrayContaining([
          ['calendar', 'Zebra crossing drill', expect.stringMatching(/^nextcloud:\/\/calendar\/personal\//)],
          ['contacts', 'Zeno Zebra', expect.stringMatching(/^nextcloud:\/\/contacts\/contacts\//)],
        ]),
      );
      expect(hits).toHaveLength(2);
      expect(await searchTitles('okapis')).toEqual(['Zeno Zebra']);
      expect(await searchTitles('main gate')).toEqual(['Zebra crossing drill']);

      // Deleted since the sync: the re-check with the caller's own access drops the hit at once.
      structured(await call(alice, 'nc_event_delete', { calendarId: 'personal', eventId: event.eventId }));
      expect(await searchTitles('main gate')).toEqual([]);
      structured(await call(alice, 'nc_contact_delete', { id: contact.id }));
      expect(await searchTitles('okapis')).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'never shows one user another user’s index',
    async () => {
      const bobToken = await mcpToken(stack, 'bob', ['notes.read', 'files.read']);
      const bob = await connectWithToken('v2-modern', stack.mcpUrl, bobToken);
      try {
        expect(String(decodeJwt(bobToken).sub)).not.toBe(String(decodeJwt(token).sub));
        const found = structured(await call(bob, 'nc_search', { query: 'zebra' }));
        expect(found.hits).toEqual([]);
      } finally {
        await bob.close();
      }
    },
    TIMEOUT,
  );
});
