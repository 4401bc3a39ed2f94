import { readFileSync } from 'node:fs';
import {
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  credentials,
  Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { createSilentLogger } from '@nc-mcp/logger';
import { toBrokerCallError } from './brokerCallError.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';

/** What every broker client shares: credentials, channel options, caller metadata and the call helper. */
export interface BrokerChannel {
  address: string;
  credentials: ChannelCredentials;
  channelOptions: ChannelOptions;
  /** Sends one unary call with caller metadata and the deadline; failures become BrokerCallErrors. */
  unary<Response>(
    method: string,
    invoke: (
      metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (error: ServiceError | null, response?: Response) => void,
    ) => void,
  ): Promise<Response>;
}

/**
 * Builds the channel settings. Reconnect backoff is kept short (1 s, at most 5 s) so that a broker that
 * restarts is used again within seconds; calls are not wait-for-ready, so a down broker fails fast.
 * Calls are balanced round-robin over every address the target resolves to (scaled brokers).
 */
export function createBrokerChannel(options: BrokerClientOptions, requireCallerKey = true): BrokerChannel {
  if (requireCallerKey && !options.tls && !options.callerKey) {
    throw new TypeError('broker client: callerKey is required when tls is not configured');
  }
  const deadlineMs = options.deadlineMs ?? 10_000;
  const logger = (options.logger ?? createSilentLogger()).child({
    broker: options.address,
    caller: options.caller,
  });
  const channelOptions: ChannelOptions = {
    'grpc.initial_reconnect_backoff_ms': 1000,
    'grpc.max_reconnect_backoff_ms': 5000,
    // A `dns:///broker:50051` address resolves to every replica; spread calls over all of them.
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    // Channelz bookkeeping costs every call (≈ a fifth of the client's CPU per call) and nothing reads it.
    'grpc.enable_channelz': 0,
    ...(options.tls?.serverName
      ? {
          'grpc.ssl_target_name_override': options.tls.serverName,
          'grpc.default_authority': options.tls.serverName,
        }
      : {}),
  };
  const channelCredentials = options.tls
    ? credentials.createSsl(
        readFileSync(options.tls.caFile),
        readFileSync(options.tls.keyFile),
        readFileSync(options.tls.certFile),
      )
    : credentials.createInsecure();

  return {
    address: options.address,
    credentials: channelCredentials,
    channelOptions,
    unary(method, invoke) {
      const metadata = new Metadata();
      metadata.set('x-broker-caller', options.caller);
      if (options.callerKey) metadata.set('x-broker-key', options.callerKey);
      return new Promise((resolve, reject) => {
        const fail = (error: unknown) => {
          const failure = toBrokerCallError(error);
          logger.debug({ method, errorCode: failure.code, grpcCode: failure.grpcCode }, 'broker call failed');
          reject(failure);
        };
        try {
          invoke(metadata, { deadline: Date.now() + deadlineMs }, (error, response) => {
            if (error || response === undefined) fail(error);
            else resolve(response);
          });
        } catch (error) {
          // grpc-js throws synchronously on a closed channel: a failed call like any other.
          fail(error);
        }
      });
    },
  };
}
