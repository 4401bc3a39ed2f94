import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDevNextcloud } from './app.js';
import type { DevNextcloudOptions } from './options.js';

/** A running Nextcloud test double. */
export interface DevNextcloud {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
  /** Forgets all users, files, notes and settings. */
  reset(): void;
}

/** Starts the Nextcloud test double on `host:port` (default 127.0.0.1 and an ephemeral port). */
export async function startDevNextcloud(
  options: DevNextcloudOptions & { port?: number; host?: string },
): Promise<DevNextcloud> {
  const { app, store } = buildDevNextcloud(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    reset: () => store.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
