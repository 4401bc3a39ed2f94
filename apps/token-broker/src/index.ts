import { ConfigError } from '@nc-mcp/config';
import { createLogger, exitOnSignals } from '@nc-mcp/logger';
import { type BrokerEnv, loadBrokerEnv } from './env.js';
import { startBroker } from './startBroker.js';

async function main(): Promise<void> {
  let env: BrokerEnv;
  try {
    env = loadBrokerEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`token-broker: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ name: 'token-broker', level: env.logLevel });
  const broker = await startBroker({ env, logger });
  logger.info(
    {
      address: `${env.host}:${broker.port}`,
      issuer: env.issuer,
      callerAuthentication: env.tls ? 'mtls' : 'keys',
      exchangeCacheTtlSeconds: env.cacheTtlSeconds,
    },
    'token broker listening',
  );

  exitOnSignals(logger, () => broker.close());
}

void main();
