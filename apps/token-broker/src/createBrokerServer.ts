import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from '@nc-mcp/logger';
import {
  BackgroundTokenServiceService,
  HealthService,
  ProvisioningServiceService,
  SessionTokenServiceService,
} from '@nc-mcp/proto';
import { GUARDED_SERVICES } from './callers/callerPolicy.js';
import { type BrokerOverrides, buildDependencies } from './dependencies.js';
import type { BrokerEnv } from './env.js';
import { backgroundTokenHandlers } from './rpc/backgroundTokenService.js';
import { guardService } from './rpc/guardService.js';
import { healthService } from './rpc/healthService.js';
import { provisioningHandlers } from './rpc/provisioningService.js';
import { sessionTokenHandlers } from './rpc/sessionTokenService.js';

/** Options of {@link createBrokerServer}. */
export interface BrokerServerOptions extends BrokerOverrides {
  env: BrokerEnv;
  logger: Logger;
}

/** A broker gRPC server, not yet listening. */
export interface BrokerServer {
  server: Server;
  /** mTLS credentials (files read now) when BROKER_TLS_* is set, insecure otherwise. */
  credentials(): ServerCredentials;
  /** Ends long-lived health Watch streams so a graceful shutdown can complete. */
  endStreams(): void;
  /** Closes the vault, if a Flow 2 call opened it. */
  closeStorage(): Promise<void>;
}

/** Builds the broker: every service registered, caller checks on all but health. */
export function createBrokerServer(options: BrokerServerOptions): BrokerServer {
  const { env, logger } = options;
  const deps = buildDependencies(env, logger, options);
  const guard = { authentication: deps.authentication, logger };
  const health = healthService(GUARDED_SERVICES);

  // Channelz bookkeeping costs every call and nothing here reads it.
  const server = new Server({ 'grpc.enable_channelz': 0 });
  server.addService(
    SessionTokenServiceService,
    guardService(SessionTokenServiceService, sessionTokenHandlers(deps.sessionToken), guard),
  );
  server.addService(
    ProvisioningServiceService,
    guardService(ProvisioningServiceService, provisioningHandlers(deps.provisioning), guard),
  );
  server.addService(
    BackgroundTokenServiceService,
    guardService(BackgroundTokenServiceService, backgroundTokenHandlers(deps.backgroundTokens), guard),
  );
  server.addService(HealthService, health.implementation);

  return {
    server,
    credentials: () => {
      if (!env.tls) return ServerCredentials.createInsecure();
      return ServerCredentials.createSsl(
        readFileSync(env.tls.clientCaFile),
        [{ cert_chain: readFileSync(env.tls.certFile), private_key: readFileSync(env.tls.keyFile) }],
        // Require and verify a client certificate: it is the caller's identity.
        true,
      );
    },
    endStreams: health.close,
    closeStorage: () => deps.vault.close(),
  };
}
