import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A listening HTTP server and how to stop it. */
export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (0 = ephemeral) and resolves once the socket is bound. */
export async function listen(app: Express, port: number, host: string): Promise<RunningServer> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
