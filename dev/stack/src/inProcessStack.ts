import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkerEnv, type RunningWorker, startWorker } from '@nc-mcp/background-worker';
import { checkBrokerHealth } from '@nc-mcp/broker-client';
import { type DevIdp, startDevIdp } from '@nc-mcp/dev-idp';
import { type DevNextcloud, type DevNextcloudApps, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import type { Logger } from '@nc-mcp/logger';
import { buildDependencies, createApp, loadEnv } from '@nc-mcp/mcp-server';
import { loadBrokerEnv, type RunningBroker, startBroker } from '@nc-mcp/token-broker';
import { startChildService, waitFor } from './childService.js';
import { appBundle, appEntryPoint } from './entryPoint.js';

/** Options of {@link startInProcessStack}. */
export interface InProcessStackOptions {
  mode: 'pass-through' | 'exchange';
  logger: Logger;
  /** How the Nextcloud test double derives uids; default `hashed`, user_oidc's out-of-the-box mode. */
  userIdMode?: 'username' | 'hashed';
  /** The Nextcloud test double's optional apps (default: all enabled), e.g. `{ notes: false }`. */
  nextcloudApps?: DevNextcloudApps;
  /** Exchange mode: the broker's cache TTL (0 = off). */
  exchangeCacheTtlSeconds?: number;
  /** Extra MCP server variables. */
  mcpEnv?: Record<string, string>;
  /** Let the IdP's Flow 1 tokens also name Nextcloud even in exchange mode (for side-by-side benchmarks). */
  flow1TokensNameNextcloud?: boolean;
  /** Counts or wraps the broker's IdP calls (in-process broker only). */
  brokerFetch?: typeof fetch;
  /**
   * Progressive consent (Flow 2): on by default, as in production; the broker then runs in both token
   * modes, its vault under a throwaway directory that is created only if a Flow 2 call opens it.
   */
  progressiveConsent?: boolean;
  /** Extra broker variables (e.g. `DATABASE_URL`). */
  brokerEnv?: Record<string, string>;
  /** Also run the background worker in this process (it syncs provisioned users through the broker). */
  worker?: boolean;
  /**
   * Run the broker as its own process, as deployed (for benchmarks): from its TypeScript `source`
   * or from its built `bundle` (run `pnpm build` first). Default: in this process.
   */
  brokerAsProcess?: 'source' | 'bundle';
}

/** The whole stack in one process, on ephemeral ports: what the end-to-end tests and `pnpm bench` run. */
export interface InProcessStack {
  idp: DevIdp;
  nextcloud: DevNextcloud;
  mcpUrl: string;
  broker?: Pick<RunningBroker, 'address' | 'close'>;
  /**
   * The throwaway credentials this stack made: the broker's IdP client, the MCP server's caller key and
   * the background worker's (`workerKey`, for benchmarks of the worker's token path).
   */
  credentials: { brokerClientId: string; brokerClientSecret: string; callerKey: string; workerKey: string };
  /** The broker's vault settings (BROKER_DATA_DIR, TOKEN_ENCRYPTION_KEYS, …), for tests that inspect it. */
  vaultEnv: Record<string, string>;
  /** Background sync settings the MCP server was given (INDEX_DATA_DIR, QUEUE_PREFIX, REDIS_URL). */
  syncEnv: Record<string, string>;
  /** The background worker, when started with `worker: true`. */
  worker?: RunningWorker;
  /** Exchange mode: stops the broker (tool calls must then fail cleanly). */
  stopBroker(): Promise<void>;
  /** Exchange mode: starts the broker again on the same port. */
  startBroker(): Promise<void>;
  close(): Promise<void>;
}

const BROKER_CLIENT_ID = 'token-broker';

/** Starts dev IdP, Nextcloud test double, (in exchange mode) the broker, and the MCP server. */
export async function startInProcessStack(options: InProcessStackOptions): Promise<InProcessStack> {
  const exchange = options.mode === 'exchange';
  const consent = options.progressiveConsent ?? true;
  const needsBroker = exchange || consent;
  const vaultEnv: Record<string, string> = {
    BROKER_DATA_DIR: join(tmpdir(), `nc-mcp-vault-${randomBytes(6).toString('hex')}`),
    TOKEN_ENCRYPTION_KEYS: `stack:${randomBytes(32).toString('base64')}`,
    ...options.brokerEnv,
  };
  // A queue prefix of its own: parallel stacks (and CI runs) share the machine's Redis.
  const syncEnv: Record<string, string> = {
    INDEX_DATA_DIR: join(tmpdir(), `nc-mcp-index-${randomBytes(6).toString('hex')}`),
    QUEUE_PREFIX: `stack-${randomBytes(6).toString('hex')}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
  };
  const brokerSecret = randomBytes(24).toString('base64url');
  const callerKey = randomBytes(24).toString('base64url');
  const workerKey = randomBytes(24).toString('base64url');
  const idp = await startDevIdp({
    tokenMode: exchange && !options.flow1TokensNameNextcloud ? 'exchange' : 'pass-through',
    exchangeClients: [
      { clientId: BROKER_CLIENT_ID, clientSecret: brokerSecret, allowedAudiences: ['nextcloud'] },
    ],
  });
  const nextcloud = await startDevNextcloud({
    issuer: idp.issuer,
    userIdMode: options.userIdMode ?? 'hashed',
    ...(options.nextcloudApps ? { apps: options.nextcloudApps } : {}),
  });

  // Listen first: the resource URL (and so the token audience) contains the port, and the broker
  // only exchanges subject tokens bound to that resource.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  let broker: Pick<RunningBroker, 'address' | 'close'> | undefined;
  let brokerPort = options.brokerAsProcess ? await freePort() : 0;
  const brokerEnv = {
    OIDC_ISSUER: idp.issuer,
    BROKER_CLIENT_ID,
    BROKER_CLIENT_SECRET: brokerSecret,
    BROKER_CALLER_KEYS: `mcp-server=${callerKey},background-worker=${workerKey}`,
    TOKEN_EXCHANGE_CACHE_TTL_SECONDS: String(options.exchangeCacheTtlSeconds ?? 0),
    MCP_PUBLIC_URL: options.mcpEnv?.MCP_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    ENABLE_PROGRESSIVE_CONSENT: String(consent),
    ...vaultEnv,
  };
  const launchBroker = async () => {
    if (options.brokerAsProcess) {
      broker = await startBrokerProcess(options.brokerAsProcess, {
        ...brokerEnv,
        BROKER_HOST: '127.0.0.1',
        BROKER_PORT: String(brokerPort),
      });
      return;
    }
    const running = await startBroker({
      env: loadBrokerEnv(brokerEnv),
      logger: options.logger.child({ service: 'token-broker' }),
      host: '127.0.0.1',
      port: brokerPort,
      shutdownGraceMs: 200,
      ...(options.brokerFetch ? { fetch: options.brokerFetch } : {}),
    });
    brokerPort = running.port;
    broker = running;
  };
  if (needsBroker) await launchBroker();

  const env = loadEnv({
    MCP_PORT: String(port),
    OIDC_ISSUER: idp.issuer,
    NEXTCLOUD_URL: nextcloud.url,
    ENABLE_TOKEN_EXCHANGE: String(exchange),
    ENABLE_PROGRESSIVE_CONSENT: String(consent),
    ...syncEnv,
    ...(needsBroker
      ? { TOKEN_BROKER_URL: `127.0.0.1:${brokerPort}`, TOKEN_BROKER_CALLER_KEY: callerKey }
      : {}),
    ...options.mcpEnv,
  });
  const deps = buildDependencies(env, options.logger.child({ service: 'mcp-server' }));
  server.on('request', createApp(deps));
  const worker = options.worker
    ? await startWorker({
        env: loadWorkerEnv({
          ...syncEnv,
          NEXTCLOUD_URL: nextcloud.url,
          TOKEN_BROKER_URL: `127.0.0.1:${brokerPort}`,
          TOKEN_BROKER_CALLER_KEY: workerKey,
        }),
        logger: options.logger.child({ service: 'background-worker' }),
        admin: false,
      })
    : undefined;

  return {
    idp,
    nextcloud,
    mcpUrl: env.resource,
    credentials: { brokerClientId: BROKER_CLIENT_ID, brokerClientSecret: brokerSecret, callerKey, workerKey },
    vaultEnv,
    syncEnv,
    ...(worker ? { worker } : {}),
    get broker() {
      return broker;
    },
    async stopBroker() {
      await broker?.close();
      broker = undefined;
    },
    async startBroker() {
      if (!broker) await launchBroker();
    },
    async close() {
      await worker?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      deps.close();
      await broker?.close();
      await nextcloud.close();
      await idp.close();
      await rm(vaultEnv.BROKER_DATA_DIR ?? '', { recursive: true, force: true });
      await rm(syncEnv.INDEX_DATA_DIR ?? '', { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startBrokerProcess(
  from: 'source' | 'bundle',
  env: Record<string, string>,
): Promise<Pick<RunningBroker, 'address' | 'close'>> {
  const address = `127.0.0.1:${env.BROKER_PORT}`;
  const entry = from === 'bundle' ? appBundle('@nc-mcp/token-broker') : appEntryPoint('@nc-mcp/token-broker');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`pnpm build\` first`);
  const child = startChildService(
    'token-broker',
    entry,
    { ...process.env, LOG_LEVEL: 'warn', ...env },
    'ignore',
  );
  await waitFor(child, async () => (await checkBrokerHealth({ address })) === 'SERVING');
  return { address, close: () => child.stop() };
}
