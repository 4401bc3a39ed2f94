import { ConfigError } from '@nc-mcp/config';
import { createLogger, exitOnSignals, type Logger } from '@nc-mcp/logger';
import { createApp } from './app.js';
import { buildDependencies } from './dependencies.js';
import { loadEnv } from './env.js';
import { listen } from './server.js';

async function main(logger: { current?: Logger }): Promise<void> {
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

// A configuration problem, wherever start-up finds it, is one readable message and exit code 2, never a
// stack trace; anything else is logged as a fatal error (with its stack, inside the JSON record).
const logger: { current?: Logger } = {};
main(logger).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`mcp-server: ${error.message}\n`);
    process.exit(2);
  }
  if (logger.current) logger.current.fatal({ err: error }, 'MCP server failed to start');
  else
    process.stderr.write(
      `mcp-server: failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`,
    );
  process.exit(1);
});
