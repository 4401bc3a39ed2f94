import { createSilentLogger } from '@nc-mcp/logger';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../startWorker.js';
import { createWorkerHarness, type WorkerHarness } from '../testing/workerHarness.js';
import { createAdminApp } from './createAdminApp.js';

const DASHBOARD = { WORKER_DASHBOARD_USER: 'ops', WORKER_DASHBOARD_PASSWORD: 'correct-horse-battery' };

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('the admin endpoints', () => {
  let h: WorkerHarness;
  let withDashboard: RunningWorker;
  let plain: RunningWorker;
  const url = (worker: RunningWorker, path: string) => `http://127.0.0.1:${worker.adminPort}${path}`;

  beforeAll(async () => {
    h = await createWorkerHarness();
    withDashboard = await h.start({ env: h.env(DASHBOARD) });
    plain = await h.start();
  }, 60_000);
  afterAll(() => h?.dispose(), 60_000);

  it('answers /healthz with 200 while Redis answers', async () => {
    const response = await fetch(url(plain, '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 503 when Redis does not', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: null,
    });
    const queue = new Queue('unused', { connection: { url: 'redis://127.0.0.1:6379' }, prefix: h.prefix });
    const app = createAdminApp({ queue, redis: dead, logger: createSilentLogger(), pingTimeoutMs: 500 });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      server.closeAllConnections();
      server.close();
      await queue.close();
      dead.disconnect();
    }
  });

  it('serves the queue’s Prometheus metrics', async () => {
    const response = await fetch(url(plain, '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^# HELP/m);
    expect(text).toContain('nc-mcp-sync');
  });

  it('keeps the dashboard off unless both dashboard variables are set', async () => {
    expect((await fetch(url(plain, '/dashboard'))).status).toBe(404);
  });

  it('puts the dashboard behind Basic auth', async () => {
    const anonymous = await fetch(url(withDashboard, '/dashboard'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = await fetch(url(withDashboard, '/dashboard'), {
      headers: { authorization: basic('ops', 'correct-horse-battery-x') },
    });
    expect(wrong.status).toBe(401);
    const wrongUser = await fetch(url(withDashboard, '/dashboard'), {
      headers: { authorization: basic('root', 'correct-horse-battery') },
    });
    expect(wrongUser.status).toBe(401);
    const right = await fetch(url(withDashboard, '/dashboard/'), {
      headers: { authorization: basic('ops', 'correct-horse-battery') },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('<html');
    const api = await fetch(url(withDashboard, '/dashboard/api/queues'), {
      headers: { authorization: basic('ops', 'correct-horse-battery') },
    });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('nc-mcp-sync');
  });
});
