import { ConfigError } from '@nc-mcp/config';
import { createLogger, exitOnSignals, type Logger } from '@nc-mcp/logger';
import { loadBrokerEnv } from './env.js';
import { startBroker } from './startBroker.js';

async function main(logger: { current?: Logger }): Promise<void> {
  const env = loadBrokerEnv();
  logger.current = createLogger({ name: 'token-broker', level: env.logLevel });
  const log = logger.current;
  const broker = await startBroker({ env, logger: log });
  log.info(
    {
      address: `${env.host}:${broker.port}`,
      issuer: env.issuer,
      mcpResource: env.mcpResource,
      callerAuthentication: env.tls ? 'mtls' : 'keys',
      exchangeCacheTtlSeconds: env.cacheTtlSeconds,
    },
    'token broker listening',
  );

  exitOnSignals(log, () => broker.close());
}

// A configuration problem, wherever start-up finds it, is one readable message and exit code 2, never a
// stack trace; anything else is logged as a fatal error (with its stack, inside the JSON record).
const logger: { current?: Logger } = {};
main(logger).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`token-broker: ${error.message}\n`);
    process.exit(2);
  }
  if (logger.current) logger.current.fatal({ err: error }, 'token broker failed to start');
  else
    process.stderr.write(
      `token-broker: failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`,
    );
  process.exit(1);
});
