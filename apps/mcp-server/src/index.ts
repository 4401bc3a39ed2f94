import { ConfigError } from '@nc-mcp/config';
import { createLogger, exitOnSignals } from '@nc-mcp/logger';
import { createApp } from './app.js';
import { buildDependencies } from './dependencies.js';
import { loadEnv } from './env.js';
import { listen } from './server.js';

async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mcp-server: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ name: 'mcp-server', level: env.logLevel });
  const deps = buildDependencies(env, logger);
  if (deps.access.mode === 'pass-through') {
    logger.warn(
      'Token pass-through mode: the client’s token is forwarded to Nextcloud. The MCP specification discourages ' +
        'token passthrough; set ENABLE_TOKEN_EXCHANGE=true in production.',
    );
  } else {
    logger.info('Token exchange mode: every tool call gets its own Nextcloud token from the token broker.');
  }
  const running = await listen(createApp(deps), env.port, env.host);
  logger.info({ url: env.resource, issuer: env.issuer, nextcloud: env.nextcloudUrl }, 'MCP server listening');

  exitOnSignals(logger, async () => {
    await running.close();
    deps.close();
  });
}

void main();
