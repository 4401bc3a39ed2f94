import { status } from '@grpc/grpc-js';
import { type HealthCheckResponse, HealthCheckResponse_ServingStatus, HealthClient } from '@nc-mcp/proto';
import { BrokerCallError } from './brokerCallError.js';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';

/** What the broker says about itself (or about `service`). */
export type BrokerHealth = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN';

/**
 * Asks the broker's standard gRPC health service (no caller key needed). An unknown `service` is
 * `UNKNOWN`; an unreachable broker throws BrokerCallError `unavailable`.
 */
export async function checkBrokerHealth(
  options: Omit<BrokerClientOptions, 'caller'> & { caller?: BrokerClientOptions['caller']; service?: string },
): Promise<BrokerHealth> {
  const channel = createBrokerChannel({ caller: 'mcp-server', ...options }, false);
  const client = new HealthClient(channel.address, channel.credentials, channel.channelOptions);
  try {
    const response = await channel.unary<HealthCheckResponse>('Check', (metadata, callOptions, callback) =>
      client.check({ service: options.service ?? '' }, metadata, callOptions, callback),
    );
    if (response.status === HealthCheckResponse_ServingStatus.SERVING) return 'SERVING';
    if (response.status === HealthCheckResponse_ServingStatus.NOT_SERVING) return 'NOT_SERVING';
    return 'UNKNOWN';
  } catch (error) {
    if (error instanceof BrokerCallError && error.grpcCode === status.NOT_FOUND) return 'UNKNOWN';
    throw error;
  } finally {
    client.close();
  }
}
