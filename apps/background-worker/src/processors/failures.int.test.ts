import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSchedulerId } from '../schedules/userSchedules.js';
import type { RunningWorker } from '../startWorker.js';
import { createWorkerHarness, type WorkerHarness, waitFor } from '../testing/workerHarness.js';

const SCOPES = ['notes.read', 'files.read'];

describe('sync.user failures', () => {
  let h: WorkerHarness;
  let worker: RunningWorker;

  const jobsOf = async (
    userId: string,
    states: ('completed' | 'failed' | 'delayed' | 'waiting' | 'active')[],
  ) =>
    (await h.queue.getJobs(states)).filter((job) => job.name === 'sync.user' && job.data.userId === userId);

  beforeAll(async () => {
    h = await createWorkerHarness();
    worker = await h.start();
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('stops a user whose grant is gone without retrying, removes the schedule and says so', async () => {
    h.tokens.provision('nina', SCOPES);
    await h.producer.userProvisioned('nina');
    await waitFor(async () => (await worker.index.syncStatus('nina'))?.state === 'ok');
    expect(await h.queue.getJobScheduler(userSchedulerId('nina'))).toBeDefined();

    h.tokens.unprovision('nina');
    await h.producer.syncNow('nina');
    const [failed] = await waitFor(async () => {
      const jobs = await jobsOf('nina', ['failed']);
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('token broker: precondition failed');
    expect(await h.queue.getJobScheduler(userSchedulerId('nina'))).toBeUndefined();
    expect(await worker.index.syncStatus('nina')).toMatchObject({ state: 'unprovisioned' });
    // What was indexed stays until the user revokes; searches only ever see the caller's rows anyway.
    expect((await worker.index.counts('nina')).files).toBeGreaterThan(0);
  });

  it('treats a Nextcloud 401 for the background token as unprovisioned', async () => {
    // A token for another audience is refused by Nextcloud exactly like a revoked one.
    h.tokens.provision('olga', SCOPES);
    const original = h.tokens.getBackgroundToken;
    h.tokens.getBackgroundToken = async (input) => ({
      ...(await original(input)),
      accessToken: await h.idp.signAccessToken({ sub: 'olga', aud: 'someone-else' }),
    });
    try {
      await h.producer.syncNow('olga');
      await waitFor(async () => (await worker.index.syncStatus('olga'))?.state === 'unprovisioned');
      // The outcome is recorded before the job is marked failed: wait for the job itself.
      const [failed] = await waitFor(async () => {
        const jobs = await jobsOf('olga', ['failed']);
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      h.tokens.getBackgroundToken = original;
    }
  });

  it('backs off when Nextcloud answers 503, without using up attempts, and then completes', async () => {
    h.tokens.provision('paul', SCOPES);
    await h.userSession('paul').notes.create({ title: 'Paul', content: 'busy server' });
    const mark = h.nextcloud.seen.length;
    h.nextcloud.failNext(3, 503);
    await h.producer.syncNow('paul');
    const [completed] = await waitFor(async () => {
      const jobs = await jobsOf('paul', ['completed']);
      return jobs.length > 0 ? jobs : undefined;
    });
    // One attempt, the successful one: the rate-limited rounds neither failed the job nor used attempts.
    expect(completed?.attemptsMade).toBe(1);
    expect(completed?.stacktrace ?? []).toEqual([]);
    expect(completed?.failedReason).toBeUndefined();
    expect(h.nextcloud.seen.slice(mark).filter((request) => request.status === 503)).toHaveLength(3);
    const backoffs = h.logs
      .records()
      .filter((record) => record.msg === 'nextcloud asks to slow down; the queue waits');
    expect(backoffs.length).toBe(3);
    const waits = backoffs.map((record) => record.waitMs as number);
    expect(waits[2]).toBeGreaterThan(waits[0] ?? 0);
    expect((await worker.index.search('paul', 'busy')).length).toBeGreaterThan(0);
  });

  it('retries with backoff while the broker is unavailable', async () => {
    h.tokens.provision('quinn', SCOPES);
    h.tokens.failNext(1);
    await h.producer.syncNow('quinn');
    const [job] = await waitFor(async () => {
      const jobs = await jobsOf('quinn', ['delayed', 'failed']);
      return jobs.length > 0 ? jobs : undefined;
    });
    // The first attempt failed and the job waits for its retry (backoff 30 s); it did not give up.
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('delayed');
    expect(job?.failedReason).toBe('token broker: unavailable');
    await job?.promote();
    await waitFor(async () => (await worker.index.syncStatus('quinn'))?.state === 'ok');
  });

  it('refuses a job whose payload the catalogue does not accept, without retrying', async () => {
    const job = await h.queue.add('sync.user', { userId: '', reason: 'manual' }, { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed');
    const failed = await h.queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('sync.user payload: userId must not be empty');
  });
});
