import { type ExchangeTokenResponse, SessionTokenServiceClient } from '@nc-mcp/proto';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';
import { type BrokerIssuedToken, issued } from './issuedToken.js';

/** The MCP server's view of the broker's SessionTokenService. */
export interface SessionTokenClient {
  /** RFC 8693 exchange of the client's token for one limited to `audience` and `scopes`; throws BrokerCallError. */
  exchangeToken(input: {
    subjectToken: string;
    audience: string;
    scopes: readonly string[];
    requestId?: string;
  }): Promise<BrokerIssuedToken>;
  /** Closes the channel; later calls fail. */
  close(): void;
}

/** Creates a client with one reused channel; safe to call concurrently. */
export function createSessionTokenClient(options: BrokerClientOptions): SessionTokenClient {
  const channel = createBrokerChannel(options);
  const client = new SessionTokenServiceClient(channel.address, channel.credentials, channel.channelOptions);
  return {
    async exchangeToken(input) {
      const response = await channel.unary<ExchangeTokenResponse>(
        'ExchangeToken',
        (metadata, callOptions, callback) =>
          client.exchangeToken(
            {
              subjectToken: input.subjectToken,
              audience: input.audience,
              scopes: [...input.scopes],
              requestId: input.requestId ?? '',
            },
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
