import { createLogger, exitOnSignals, runService, type ServiceLogger } from '@nc-mcp/logger';
import { createApp } from './app.js';
import { buildDependencies } from './dependencies.js';
import { loadEnv } from './env.js';
import { listen } from './server.js';

async function main(logger: ServiceLogger): Promise<void> {
  const env = loadEnv();
  logger.current = createLogger({ name: 'mcp-server', level: env.logLevel });
  const log = logger.current;
  const deps = buildDependencies(env, log);
  if (deps.access.mode === 'pass-through') {
    log.warn(
      'Token pass-through mode: the client’s token is forwarded to Nextcloud. The MCP specification discourages ' +
        'token passthrough; set ENABLE_TOKEN_EXCHANGE=true in production.',
    );
  } else {
    log.info('Token exchange mode: every tool call gets its own Nextcloud token from the token broker.');
  }
  const running = await listen(createApp(deps), env.port, env.host);
  log.info({ url: env.resource, issuer: env.issuer, nextcloud: env.nextcloudUrl }, 'MCP server listening');

  exitOnSignals(log, async () => {
    await running.close();
    deps.close();
  });
}

runService('mcp-server', main);
