import type { SyncOutcome } from '@nc-mcp/search-index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../startWorker.js';
import { createWorkerHarness, type WorkerHarness, waitFor } from '../testing/workerHarness.js';

const SCOPES = ['notes.read', 'files.read'];

describe('sync.user against the Nextcloud double', () => {
  let h: WorkerHarness;
  let worker: RunningWorker;

  /** Waits until no job is waiting or running (the next scheduled syncs are a minute away). */
  const idle = () =>
    waitFor(async () => (await h.queue.getJobCountByTypes('active', 'waiting', 'prioritized')) === 0);

  /** Runs "sync now" and waits for the recorded outcome of that sync. */
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

  const propfinds = (from: number) =>
    h.nextcloud.seen
      .slice(from)
      .filter((request) => request.method === 'PROPFIND')
      .map((request) => decodeURIComponent(request.path).replace('/remote.php/dav/files/alice', ''));

  beforeAll(async () => {
    h = await createWorkerHarness();
    const alice = h.userSession('alice');
    await alice.notes.create({ title: 'Budget 2026', content: 'Quarterly budget figures' });
    await alice.notes.create({ title: 'Groceries', content: 'apples and pears' });
    await alice.webdav.mkcol('Docs');
    await alice.webdav.mkcol('Docs/Reports');
    await alice.webdav.mkcol('Other');
    await alice.webdav.put('Docs/plan.txt', 'the roadmap for the treehouse', { contentType: 'text/plain' });
    await alice.webdav.put('Docs/Reports/q1.md', 'first quarter report', { contentType: 'text/markdown' });
    await alice.webdav.put('Other/photo.jpg', 'not really a jpeg', { contentType: 'image/jpeg' });
    await alice.webdav.put('Other/readme.txt', 'nothing here', { contentType: 'text/plain' });
    h.tokens.provision('alice', SCOPES);
    worker = await h.start();
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('indexes a provisioned user’s notes and files, content of text files and names of others', async () => {
    const outcome = await syncNow('alice');
    expect(outcome).toMatchObject({ state: 'ok', errors: [] });
    const counts = await worker.index.counts('alice');
    expect(counts.notes).toBe(2);
    // One item, one hit: the Notes folder is the notes family's, so the files walk leaves it out.
    expect((await worker.index.search('alice', 'budget')).map((hit) => [hit.family, hit.title])).toEqual([
      ['notes', 'Budget 2026'],
    ]);
    expect((await worker.index.search('alice', 'treehouse')).map((hit) => hit.id)).toEqual(['Docs/plan.txt']);
    expect((await worker.index.search('alice', 'photo')).map((hit) => hit.id)).toEqual(['Other/photo.jpg']);
    expect(await worker.index.search('alice', 'jpeg')).toEqual([]);
  });

  it('asks the broker for the user’s granted scopes only, never another user’s token', async () => {
    expect(h.tokens.requests.every((request) => request.userId === 'alice')).toBe(true);
    // One token with what was granted serves every family: one refresh per user and token lifetime.
    expect(h.tokens.requests.every((request) => request.scopes.length === 0)).toBe(true);
  });

  it('walks only the folders whose etag changed', async () => {
    let mark = h.nextcloud.seen.length;
    await syncNow('alice');
    expect(propfinds(mark)).toEqual(['/']);

    await h.userSession('alice').webdav.put('Docs/Reports/q2.md', 'second quarter report', {
      contentType: 'text/markdown',
    });
    mark = h.nextcloud.seen.length;
    await syncNow('alice');
    expect(propfinds(mark)).toEqual(['/', '/Docs', '/Docs/Reports']);
    expect((await worker.index.search('alice', 'second quarter')).map((hit) => hit.id)).toEqual([
      'Docs/Reports/q2.md',
    ]);
  });

  it('reflects created, updated and deleted notes and files at the next sync', async () => {
    const alice = h.userSession('alice');
    const [budget] = await alice.notes.search('Budget 2026');
    const groceries = (await alice.notes.list()).find((note) => note.title === 'Groceries');
    await alice.notes.update(budget!.id, { content: 'Quarterly spending plan' }, {});
    await alice.notes.delete(groceries!.id);
    await alice.notes.create({ title: 'Holiday', content: 'flights to Lisbon' });
    await alice.webdav.put('Docs/plan.txt', 'the roadmap for the boathouse', { contentType: 'text/plain' });
    await alice.webdav.delete('Docs/Reports');
    await alice.webdav.put('Other/new.txt', 'a zeppelin appears', { contentType: 'text/plain' });
    await syncNow('alice');

    const notes = { families: ['notes' as const] };
    expect((await worker.index.search('alice', 'spending', notes)).map((hit) => hit.title)).toEqual([
      'Budget 2026',
    ]);
    expect(await worker.index.search('alice', 'figures')).toEqual([]);
    expect(await worker.index.search('alice', 'apples')).toEqual([]);
    expect((await worker.index.search('alice', 'lisbon', notes)).map((hit) => hit.title)).toEqual([
      'Holiday',
    ]);
    expect((await worker.index.search('alice', 'boathouse')).map((hit) => hit.id)).toEqual(['Docs/plan.txt']);
    expect(await worker.index.search('alice', 'treehouse')).toEqual([]);
    expect(await worker.index.search('alice', 'quarter')).toEqual([]);
    expect((await worker.index.search('alice', 'zeppelin')).map((hit) => hit.id)).toEqual(['Other/new.txt']);
    const files = await worker.index.listItemStates('alice', 'files');
    expect([...files.keys()].filter((id) => id.startsWith('Docs/Reports'))).toEqual([]);
  });

  it('syncs only the families whose scope was granted', async () => {
    await h.userSession('bob').notes.create({ title: 'Bob note', content: 'kayak' });
    await h.userSession('bob').webdav.put('kayak.txt', 'kayak file', { contentType: 'text/plain' });
    h.tokens.provision('bob', ['notes.read']);
    await syncNow('bob');
    expect(await worker.index.counts('bob')).toEqual({ notes: 1 });
  });

  it('never writes a token to the logs', () => {
    const text = h.logs.text();
    expect(text).toContain('user sync finished');
    for (const token of h.tokens.issued) expect(text).not.toContain(token);
  });
});
