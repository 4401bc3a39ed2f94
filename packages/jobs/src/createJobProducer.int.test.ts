import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobProducer, type JobProducer } from './createJobProducer.js';
import { SYNC_QUEUE_NAME } from './jobCatalogue.js';
import { JobPayloadError } from './jobPayloadError.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createJobProducer', () => {
  const prefix = `ncmcp-test-jobs-${randomBytes(4).toString('hex')}`;
  let producer: JobProducer;
  let queue: Queue;

  beforeAll(async () => {
    producer = createJobProducer({ connection: { url: REDIS_URL }, prefix });
    queue = new Queue(SYNC_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
  });
  afterAll(async () => {
    await producer?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('queues typed jobs that carry a user id and a kind, never a token', async () => {
    await producer.syncNow('alice');
    await producer.userProvisioned('bob');
    await producer.userRevoked('carol');
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((job) => [job.name, job.data]).sort()).toEqual([
      ['schedule.user', { userId: 'bob' }],
      ['sync.user', { userId: 'alice', reason: 'manual' }],
      ['unschedule.user', { userId: 'carol' }],
    ]);
    const sync = jobs.find((job) => job.name === 'sync.user');
    expect(sync?.opts.attempts).toBeGreaterThan(1);
  });

  it('queues one "sync now" per user while one is waiting', async () => {
    await producer.syncNow('dave');
    await producer.syncNow('dave');
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.filter((job) => job.data.userId === 'dave')).toHaveLength(1);
  });

  it('refuses a bad user id before anything reaches Redis', async () => {
    const before = await queue.count();
    await expect(producer.syncNow('')).rejects.toBeInstanceOf(JobPayloadError);
    expect(await queue.count()).toBe(before);
  });
});
