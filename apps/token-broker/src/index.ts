import { createLogger, exitOnSignals, runService, type ServiceLogger } from '@nc-mcp/logger';
import { loadBrokerEnv } from './env.js';
import { startBroker } from './startBroker.js';
import { runVaultRotate } from './vault/rotateCommand.js';

async function main(logger: ServiceLogger): Promise<void> {
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

// `node dist/index.js vault:rotate`: the deployed image's way to run the key rotation.
if (process.argv[2] === 'vault:rotate') void runVaultRotate();
else runService('token-broker', main);
