import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Logger } from '@nc-mcp/logger';
import type { Queue } from 'bullmq';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { basicAuth } from './basicAuth.js';

/** What the admin endpoints look at. */
export interface AdminAppOptions {
  queue: Queue;
  redis: Redis;
  /** The bull-board dashboard under /dashboard, behind Basic auth; off without credentials. */
  dashboard?: { user: string; password: string } | undefined;
  logger: Logger;
  /** How long /healthz waits for Redis' PONG; default 2000. */
  pingTimeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The worker's admin app: `GET /healthz`, `GET /metrics` (Prometheus), and optionally `/dashboard`. */
export function createAdminApp(options: AdminAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      await withTimeout(options.redis.ping(), options.pingTimeoutMs ?? 2_000);
      res.status(200).json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', redis: 'unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    try {
      const text = await withTimeout(options.queue.exportPrometheusMetrics(), 5_000);
      res.status(200).type('text/plain; version=0.0.4; charset=utf-8').send(text);
    } catch (error) {
      options.logger.warn({ err: { message: (error as Error).message } }, 'metrics unavailable');
      res.status(503).type('text/plain').send('# metrics unavailable: redis unreachable\n');
    }
  });
  if (options.dashboard !== undefined) {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath('/dashboard');
    createBullBoard({
      queues: [new BullMQAdapter(options.queue, { readOnlyMode: false })],
      serverAdapter,
    });
    app.use('/dashboard', basicAuth(options.dashboard), serverAdapter.getRouter());
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  return app;
}
