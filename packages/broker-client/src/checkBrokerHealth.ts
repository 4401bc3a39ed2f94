import {
  type BrokerHealth,
  type BrokerHealthClientOptions,
  createBrokerHealthClient,
} from './brokerHealthClient.js';

/**
 * Asks the broker's standard gRPC health service once, on a channel of its own (no caller key needed).
 * An unknown `service` is `UNKNOWN`; an unreachable broker throws BrokerCallError `unavailable`.
 */
export async function checkBrokerHealth(
  options: BrokerHealthClientOptions & { service?: string },
): Promise<BrokerHealth> {
  const client = createBrokerHealthClient(options);
  try {
    return await client.check(options.service);
  } finally {
    client.close();
  }
}
