import { checkBrokerHealth } from '@nc-mcp/broker-client';
import { ConfigError } from '@nc-mcp/config';
import { createLogger } from '@nc-mcp/logger';
import { readyBanner } from './banner.js';
import { type ChildService, startChildService, waitFor, waitForHealthy } from './childService.js';
import { persistentSecret, resolveDevDataDir } from './devDataDir.js';
import { devVaultSettings } from './devVault.js';
import { DEV_INDEX_DATA_DIR, noRedisNotice, redisAnswers } from './devWorker.js';
import { appEntryPoint } from './entryPoint.js';
import { type DevStackEnv, loadDevStackEnv, needsBroker } from './env.js';
import { type StandIns, startStandIns } from './standIns.js';
import { type Supervisor, supervise } from './supervise.js';

// `pnpm start`: the local stack on embedded defaults. Dev stand-ins for the IdP and Nextcloud start
// only when their variables are unset; the broker and the MCP server run as their real entry points
// in child processes, with this process's environment plus the wiring below; a child that dies is
// restarted with backoff (see supervise.ts).
async function main(): Promise<void> {
  let env: DevStackEnv;
  try {
    env = loadDevStackEnv();
  } catch (error) {
    process.stderr.write(`pnpm start: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ name: 'dev-stack', level: env.LOG_LEVEL });
  const supervisors: Supervisor[] = [];
  let standIns: StandIns | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const supervisor of supervisors.reverse()) await supervisor.stop().catch(() => undefined);
    await standIns?.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  const startSupervised = (
    name: string,
    entry: string,
    childEnv: NodeJS.ProcessEnv,
  ): Pick<ChildService, 'name' | 'exited'> => {
    const supervisor = supervise({
      name,
      start: () => startChildService(name, entry, childEnv),
      logger,
      onGiveUp: () => void stopAll(1),
    });
    supervisors.push(supervisor);
    // Start-up waits survive restarts; they fail only when the supervisor gives up.
    return { name: supervisor.name, exited: supervisor.gaveUp.then((giveUp) => giveUp.exitCode) };
  };

  try {
    standIns = await startStandIns(env, logger);
    let backgroundWorker = false;
    const mcpEnv: NodeJS.ProcessEnv = {
      ...process.env,
      OIDC_ISSUER: standIns.issuer,
      NEXTCLOUD_URL: standIns.nextcloudUrl,
      MCP_HOST: env.MCP_HOST,
      MCP_PORT: String(env.MCP_PORT),
      MCP_ALLOWED_ORIGINS: env.MCP_ALLOWED_ORIGINS.join(','),
    };
    if (needsBroker(env)) {
      const dataDir = resolveDevDataDir(env.DEV_IDP_DATA_DIR);
      const callerKey =
        process.env.TOKEN_BROKER_CALLER_KEY ?? (await persistentSecret(dataDir, 'caller-key'));
      const vault = await devVaultSettings(dataDir);
      const workerKey = await persistentSecret(dataDir, 'worker-caller-key');
      const broker = startSupervised('token-broker', appEntryPoint('@nc-mcp/token-broker'), {
        ...process.env,
        OIDC_ISSUER: standIns.issuer,
        BROKER_HOST: '127.0.0.1',
        BROKER_PORT: String(env.BROKER_PORT),
        BROKER_CLIENT_ID: standIns.brokerClient?.clientId,
        BROKER_CLIENT_SECRET: standIns.brokerClient?.clientSecret,
        BROKER_CALLER_KEYS:
          process.env.BROKER_CALLER_KEYS ?? `mcp-server=${callerKey},background-worker=${workerKey}`,
        ENABLE_PROGRESSIVE_CONSENT: String(env.ENABLE_PROGRESSIVE_CONSENT),
        ...vault,
        // The broker only exchanges subject tokens bound to the MCP server's resource.
        MCP_PUBLIC_URL:
          env.MCP_PUBLIC_URL ??
          `http://${env.MCP_HOST === '0.0.0.0' ? '127.0.0.1' : env.MCP_HOST}:${env.MCP_PORT}`,
      });
      const address = `127.0.0.1:${env.BROKER_PORT}`;
      await waitFor(
        broker,
        async () => (await checkBrokerHealth({ address, caller: 'mcp-server' })) === 'SERVING',
      );
      Object.assign(mcpEnv, {
        ENABLE_TOKEN_EXCHANGE: String(env.ENABLE_TOKEN_EXCHANGE),
        TOKEN_BROKER_URL: address,
        TOKEN_BROKER_CALLER_KEY: callerKey,
        INDEX_DATA_DIR: process.env.INDEX_DATA_DIR ?? DEV_INDEX_DATA_DIR,
      });
      if (env.ENABLE_PROGRESSIVE_CONSENT) {
        const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
        if (await redisAnswers(redisUrl)) {
          startSupervised('background-worker', appEntryPoint('@nc-mcp/background-worker'), {
            ...process.env,
            REDIS_URL: redisUrl,
            TOKEN_BROKER_URL: address,
            TOKEN_BROKER_CALLER_KEY: workerKey,
            NEXTCLOUD_URL: standIns.nextcloudUrl,
            INDEX_DATA_DIR: process.env.INDEX_DATA_DIR ?? DEV_INDEX_DATA_DIR,
          });
          backgroundWorker = true;
        } else {
          process.stdout.write(noRedisNotice(redisUrl));
        }
      }
    }
    mcpEnv.ENABLE_PROGRESSIVE_CONSENT = String(env.ENABLE_PROGRESSIVE_CONSENT);
    const mcp = startSupervised('mcp-server', appEntryPoint('@nc-mcp/mcp-server'), mcpEnv);
    const host = env.MCP_HOST === '0.0.0.0' ? '127.0.0.1' : env.MCP_HOST;
    await waitForHealthy(`http://${host}:${env.MCP_PORT}/healthz`, mcp);
    process.stdout.write(
      readyBanner({
        mcpUrl: `${env.MCP_PUBLIC_URL ?? `http://${host}:${env.MCP_PORT}`}/mcp`,
        issuer: standIns.issuer,
        nextcloudUrl: standIns.nextcloudUrl,
        devIdp: standIns.devIdp,
        devNextcloud: standIns.devNextcloud,
        mode: env.ENABLE_TOKEN_EXCHANGE ? 'exchange' : 'pass-through',
        progressiveConsent: env.ENABLE_PROGRESSIVE_CONSENT,
        backgroundWorker,
      }),
    );
  } catch (error) {
    logger.error({ err: error }, 'the stack failed to start');
    await stopAll(1);
  }
}

void main();
