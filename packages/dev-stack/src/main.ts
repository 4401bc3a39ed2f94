import { fileURLToPath } from 'node:url';
import { ConfigError } from '@nc-mcp/config';
import { startDevIdp } from '@nc-mcp/dev-idp';
import { startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { createLogger } from '@nc-mcp/logger';
import { devOnlyNotice, readyBanner } from './banner.js';
import { type ChildService, startChildService, waitForHealthy } from './childService.js';
import { loadDevStackEnv } from './env.js';

// `pnpm start`: the local stack on embedded defaults. Dev stand-ins for the IdP and Nextcloud start
// only when their variables are unset; the MCP server runs as its real entry point in a child process.
async function main(): Promise<void> {
  let env: ReturnType<typeof loadDevStackEnv>;
  try {
    env = loadDevStackEnv();
  } catch (error) {
    process.stderr.write(`pnpm start: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ name: 'dev-stack', level: env.LOG_LEVEL });
  const closers: Array<() => Promise<void>> = [];
  const children: ChildService[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
    for (const close of closers.reverse()) await close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    let issuer = env.OIDC_ISSUER;
    if (!issuer) {
      const idp = await startDevIdp({ port: env.DEV_IDP_PORT, logger: logger.child({ service: 'dev-idp' }) });
      closers.push(() => idp.close());
      issuer = idp.issuer;
      process.stdout.write(devOnlyNotice('dev IdP', issuer, 'OIDC_ISSUER'));
    }
    let nextcloudUrl = env.NEXTCLOUD_URL;
    if (!nextcloudUrl) {
      const nextcloud = await startDevNextcloud({
        issuer,
        port: env.DEV_NEXTCLOUD_PORT,
        userIdMode: env.DEV_NEXTCLOUD_USER_ID_MODE,
        logger: logger.child({ service: 'dev-nextcloud' }),
      });
      closers.push(() => nextcloud.close());
      nextcloudUrl = nextcloud.url;
      process.stdout.write(devOnlyNotice('Nextcloud test double', nextcloudUrl, 'NEXTCLOUD_URL'));
    }

    const entry = fileURLToPath(import.meta.resolve('@nc-mcp/mcp-server/package.json')).replace(
      /package\.json$/,
      'src/index.ts',
    );
    const mcp = startChildService('mcp-server', entry, {
      ...process.env,
      OIDC_ISSUER: issuer,
      NEXTCLOUD_URL: nextcloudUrl,
      MCP_HOST: env.MCP_HOST,
      MCP_PORT: String(env.MCP_PORT),
    });
    children.push(mcp);
    void mcp.exited.then((code) => {
      if (!stopping) {
        logger.error({ code }, 'mcp-server exited; stopping the stack');
        void stopAll(1);
      }
    });
    const host = env.MCP_HOST === '0.0.0.0' ? '127.0.0.1' : env.MCP_HOST;
    const base = process.env.MCP_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${host}:${env.MCP_PORT}`;
    await waitForHealthy(`http://${host}:${env.MCP_PORT}/healthz`, mcp);
    process.stdout.write(
      readyBanner({
        mcpUrl: `${base}/mcp`,
        issuer,
        nextcloudUrl,
        devIdp: !env.OIDC_ISSUER,
        devNextcloud: !env.NEXTCLOUD_URL,
      }),
    );
  } catch (error) {
    logger.error({ err: error }, 'the stack failed to start');
    await stopAll(1);
  }
}

void main();
