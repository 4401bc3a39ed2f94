import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../startWorker.js';
import { createWorkerHarness, type WorkerHarness, waitFor } from '../testing/workerHarness.js';
import { createUserSchedules, RECONCILE_SCHEDULER_ID, userSchedulerId } from './userSchedules.js';

describe('user schedules', () => {
  let h: WorkerHarness;
  let worker: RunningWorker;

  const scheduledUsers = async () => [...(await createUserSchedules(h.queue, 60_000).list())].sort();

  beforeAll(async () => {
    h = await createWorkerHarness();
    h.tokens.provision('early', ['notes.read']);
    worker = await h.start({ reconcileIntervalMs: 3_600_000 });
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('reconciles at start and schedules itself', async () => {
    await waitFor(async () => (await scheduledUsers()).includes('early'));
    const reconcile = await h.queue.getJobScheduler(RECONCILE_SCHEDULER_ID);
    expect(reconcile?.every).toBe(3_600_000);
    const user = await h.queue.getJobScheduler(userSchedulerId('early'));
    expect(user?.every).toBe(h.env().syncIntervalMs);
    expect(user?.template?.data).toEqual({ userId: 'early', reason: 'schedule' });
  });

  it('adds missing schedulers and removes those of users no longer provisioned', async () => {
    // Paged: more users than one page of the broker's listing.
    h.tokens.pageSizeCap = 2;
    for (let i = 0; i < 3; i++) h.tokens.provision(`user-${i}`, ['files.read']);
    const schedules = createUserSchedules(h.queue, 60_000);
    await schedules.upsert('ghost');
    h.tokens.unprovision('early');
    await h.queue.add('schedule.reconcile', {});
    await waitFor(async () => {
      const users = await scheduledUsers();
      return users.join(',') === 'user-0,user-1,user-2' ? users : undefined;
    });
    expect(await scheduledUsers()).toEqual(['user-0', 'user-1', 'user-2']);
  });

  it('leaves every schedule in place when the broker cannot list users', async () => {
    const before = await scheduledUsers();
    const original = h.tokens.listProvisionedUsers;
    h.tokens.listProvisionedUsers = async () => {
      const { BrokerCallError } = await import('@nc-mcp/broker-client');
      throw new BrokerCallError('unavailable', 14);
    };
    try {
      const job = await h.queue.add('schedule.reconcile', {}, { attempts: 1 });
      await waitFor(async () => (await job.getState()) === 'failed');
    } finally {
      h.tokens.listProvisionedUsers = original;
    }
    expect(await scheduledUsers()).toEqual(before);
  });

  it('schedules a user on consent and forgets them on revocation', async () => {
    h.tokens.provision('tina', ['notes.read']);
    await h.userSession('tina').notes.create({ title: 'Tina', content: 'violin lessons' });
    await h.producer.userProvisioned('tina');
    await waitFor(async () => (await worker.index.syncStatus('tina'))?.state === 'ok');
    expect(await h.queue.getJobScheduler(userSchedulerId('tina'))).toBeDefined();
    expect(await worker.index.search('tina', 'violin')).toHaveLength(1);

    h.tokens.unprovision('tina');
    await h.producer.userRevoked('tina');
    await waitFor(async () => (await h.queue.getJobScheduler(userSchedulerId('tina'))) === undefined);
    await waitFor(async () => (await worker.index.syncStatus('tina')) === undefined);
    expect(await worker.index.search('tina', 'violin')).toEqual([]);
  });
});
