import type { Server, ServerCredentials } from '@grpc/grpc-js';
import { type BrokerServerOptions, createBrokerServer } from './createBrokerServer.js';

/** Options of {@link startBroker}; `host`/`port` override the environment's (port 0 = ephemeral). */
export interface StartBrokerOptions extends BrokerServerOptions {
  host?: string;
  port?: number;
  /** How long close() waits for in-flight calls before cutting them; default 5000. */
  shutdownGraceMs?: number;
}

/** A listening broker. */
export interface RunningBroker {
  port: number;
  /** `host:port` for a client (a wildcard host becomes 127.0.0.1). */
  address: string;
  close(): Promise<void>;
}

/** Builds and starts the broker; tests, benchmarks and the dev stack run it in-process this way. */
export async function startBroker(options: StartBrokerOptions): Promise<RunningBroker> {
  const broker = createBrokerServer(options);
  const host = options.host ?? options.env.host;
  const port = await bind(
    broker.server,
    `${bracketed(host)}:${options.port ?? options.env.port}`,
    broker.credentials(),
  );
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : bracketed(host);
  let closing: Promise<void> | undefined;
  return {
    port,
    address: `${clientHost}:${port}`,
    close: () => {
      closing ??= shutdown(broker.server, broker.endStreams, options.shutdownGraceMs ?? 5000).then(() =>
        broker.closeStorage(),
      );
      return closing;
    },
  };
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdown(server: Server, endStreams: () => void, graceMs: number): Promise<void> {
  endStreams();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    force.unref();
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
