import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDevNextcloudApp } from '@nc-mcp/dev-nextcloud';
import express from 'express';

/** One request the front saw: method, path, and the status answered. */
export interface SeenRequest {
  method: string;
  path: string;
  status: number;
}

/**
 * The Nextcloud test double behind a thin front that records requests and can answer with an outage
 * (the double itself is never made kinder; the front only adds failures and slowness).
 */
export interface NextcloudFront {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** The next `count` requests are answered with `status` (e.g. 503) without reaching the double. */
  failNext(count: number, status: number): void;
  /** Every request waits this long first (0 = none). */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/** Starts the double (bearer tokens from `issuer`, uid = sub) behind the front on 127.0.0.1. */
export async function startNextcloudFront(issuer: string): Promise<NextcloudFront> {
  const seen: SeenRequest[] = [];
  let failures = 0;
  let failStatus = 503;
  let delayMs = 0;
  const front = express();
  front.use((req, res, next) => {
    const path = req.path;
    res.on('finish', () => seen.push({ method: req.method, path, status: res.statusCode }));
    if (failures > 0) {
      failures--;
      res.status(failStatus).setHeader('Retry-After', '1').json({ message: 'Service unavailable' });
      return;
    }
    if (delayMs > 0) setTimeout(next, delayMs);
    else next();
  });
  front.use(createDevNextcloudApp({ issuer }));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = front.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    failNext(count, status) {
      failures = count;
      failStatus = status;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
