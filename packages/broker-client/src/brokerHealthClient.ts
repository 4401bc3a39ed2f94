import { status } from '@grpc/grpc-js';
import { type HealthCheckResponse, HealthCheckResponse_ServingStatus, HealthClient } from '@nc-mcp/proto';
import { BrokerCallError } from './brokerCallError.js';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';

/** What the broker says about itself (or about `service`). */
export type BrokerHealth = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN';

/** Options of {@link createBrokerHealthClient}: no caller key is needed, health is open to any caller. */
export type BrokerHealthClientOptions = Omit<BrokerClientOptions, 'caller'> & {
  caller?: BrokerClientOptions['caller'];
};

/** The broker's standard gRPC health service over one reused channel. */
export interface BrokerHealthClient {
  /** An unknown `service` is `UNKNOWN`; an unreachable broker throws BrokerCallError `unavailable`. */
  check(service?: string): Promise<BrokerHealth>;
  /** Closes the channel; later calls fail. */
  close(): void;
}

/** Creates a health client for repeated probes (a readiness loop, or the benchmark's one-hop reference). */
export function createBrokerHealthClient(options: BrokerHealthClientOptions): BrokerHealthClient {
  const channel = createBrokerChannel({ caller: 'mcp-server', ...options }, false);
  const client = new HealthClient(channel.address, channel.credentials, channel.channelOptions);
  return {
    async check(service = '') {
      try {
        const response = await channel.unary<HealthCheckResponse>(
          'Check',
          (metadata, callOptions, callback) => client.check({ service }, metadata, callOptions, callback),
        );
        if (response.status === HealthCheckResponse_ServingStatus.SERVING) return 'SERVING';
        if (response.status === HealthCheckResponse_ServingStatus.NOT_SERVING) return 'NOT_SERVING';
        return 'UNKNOWN';
      } catch (error) {
        if (error instanceof BrokerCallError && error.grpcCode === status.NOT_FOUND) return 'UNKNOWN';
        throw error;
      }
    },
    close: () => client.close(),
  };
}
