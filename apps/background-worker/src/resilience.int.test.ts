import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from './startWorker.js';
import { createWorkerHarness, type WorkerHarness, waitFor } from './testing/workerHarness.js';

const SCOPES = ['notes.read', 'files.read'];

describe('the worker under connection loss and with several instances', () => {
  let h: WorkerHarness;
  let first: RunningWorker;
  let second: RunningWorker;

  const jobsOf = async (userId: string, state: 'completed' | 'failed') =>
    (await h.queue.getJobs([state])).filter((job) => job.name === 'sync.user' && job.data.userId === userId);

  /** Kills every Redis connection of this test's workers (and only those), as a Redis restart would. */
  async function killWorkerConnections(): Promise<number> {
    const list = (await h.redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      // BullMQ names its blocking connection `<connection name>:<base64 queue name>`.
      .filter((line) => new RegExp(`\\sname=${h.connectionName}(:\\S*)?\\s`).test(line))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    for (const id of ids) await h.redis.client('KILL', 'ID', id);
    return ids.length;
  }

  beforeAll(async () => {
    h = await createWorkerHarness();
    first = await h.start();
    second = await h.start();
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('reconnects after its Redis connections are killed mid-job and completes the job once', async () => {
    const rita = h.userSession('rita');
    for (let i = 0; i < 3; i++)
      await rita.webdav.put(`file-${i}.txt`, `resilient text ${i}`, { contentType: 'text/plain' });
    h.tokens.provision('rita', SCOPES);
    h.nextcloud.setDelay(300);
    try {
      await h.producer.syncNow('rita');
      await waitFor(async () => (await h.queue.getActiveCount()) > 0);
      // Each of the two workers: its shared connection and BullMQ's blocking one.
      expect(await killWorkerConnections()).toBeGreaterThanOrEqual(4);
      await waitFor(async () => (await jobsOf('rita', 'completed')).length > 0, 60_000);
    } finally {
      h.nextcloud.setDelay(0);
    }
    expect(await jobsOf('rita', 'completed')).toHaveLength(1);
    expect(await jobsOf('rita', 'failed')).toHaveLength(0);
    expect(await first.index.syncStatus('rita')).toMatchObject({ state: 'ok' });
    expect(await first.index.search('rita', 'resilient', { families: ['files'] })).toHaveLength(3);
    // After the outage both workers still take jobs.
    await h.producer.syncNow('rita');
    await waitFor(async () => (await jobsOf('rita', 'completed')).length === 2, 60_000);
  }, 90_000);

  it('never syncs one user in two workers at once, however many jobs ask for it', async () => {
    h.tokens.provision('sam', SCOPES);
    await h.userSession('sam').notes.create({ title: 'Sam', content: 'concurrency' });
    h.nextcloud.setDelay(100);
    const mark = h.logs.records().length;
    try {
      // A scheduler job, a "provisioned" job and two "sync now" (the second kept for after the active one).
      await h.producer.userProvisioned('sam');
      await h.producer.syncNow('sam');
      await h.queue.add('sync.user', { userId: 'sam', reason: 'manual' }, { jobId: 'sam-extra' });
      await waitFor(async () => (await jobsOf('sam', 'completed')).length >= 2, 60_000);
      await waitFor(async () => (await h.queue.getJob('sam-extra'))?.finishedOn !== undefined, 60_000);
      const pending = async () =>
        (await h.queue.getJobs(['active', 'waiting', 'delayed'])).filter(
          (job) => job.data.userId === 'sam' && !job.id?.startsWith('repeat:'),
        );
      await waitFor(async () => (await pending()).length === 0, 60_000);
    } finally {
      h.nextcloud.setDelay(0);
    }
    const events = h.logs
      .records()
      .slice(mark)
      .filter((record) => record.userId === 'sam' && typeof record.msg === 'string')
      .filter((record) =>
        ['user sync started', 'user sync finished', 'user sync ended early'].includes(record.msg as string),
      );
    let running = 0;
    let most = 0;
    for (const event of events) {
      running += event.msg === 'user sync started' ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(events.filter((event) => event.msg === 'user sync started').length).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    // The jobs did contend: some waited for the other worker's sync rather than running beside it.
    const waited = h.logs
      .records()
      .slice(mark)
      .filter((record) => record.msg === 'user busy elsewhere; job delayed');
    expect(waited.length).toBeGreaterThan(0);
    expect(second).toBeDefined();
  }, 90_000);
});
