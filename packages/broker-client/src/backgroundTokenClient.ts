import { BackgroundTokenServiceClient, type GetBackgroundTokenResponse } from '@nc-mcp/proto';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';
import { type BrokerIssuedToken, issued } from './sessionTokenClient.js';

/** The background worker's view of the broker's BackgroundTokenService. */
export interface BackgroundTokenClient {
  /** A token derived from the user's stored Flow 2 grant; throws BrokerCallError. */
  getBackgroundToken(input: { userId: string; scopes: readonly string[] }): Promise<BrokerIssuedToken>;
  /** Closes the channel; later calls fail. */
  close(): void;
}

/** Creates a client with one reused channel; safe to call concurrently. */
export function createBackgroundTokenClient(options: BrokerClientOptions): BackgroundTokenClient {
  const channel = createBrokerChannel(options);
  const client = new BackgroundTokenServiceClient(
    channel.address,
    channel.credentials,
    channel.channelOptions,
  );
  return {
    async getBackgroundToken(input) {
      const response = await channel.unary<GetBackgroundTokenResponse>(
        'GetBackgroundToken',
        (metadata, callOptions, callback) =>
          client.getBackgroundToken(
            { userId: input.userId, scopes: [...input.scopes] },
            metadata,
            callOptions,
            callback,
          ),
      );
      return issued(response);
    },
    close: () => client.close(),
  };
}
