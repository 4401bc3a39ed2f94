import {
  BackgroundTokenServiceClient,
  type GetBackgroundTokenResponse,
  type ListProvisionedUsersResponse,
} from '@nc-mcp/proto';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';
import { type BrokerIssuedToken, issued } from './issuedToken.js';

/** A user with a stored Flow 2 grant; `grantedAt` in unix seconds. */
export interface ProvisionedUser {
  userId: string;
  scopes: string[];
  grantedAt: number;
}

/** The background worker's view of the broker's BackgroundTokenService. Every method throws BrokerCallError. */
export interface BackgroundTokenClient {
  /**
   * A token derived from the user's stored Flow 2 grant (all granted scopes when `scopes` is empty).
   * A `failed_precondition` error with reason `not_provisioned` means the user has no usable grant.
   */
  getBackgroundToken(input: {
    userId: string;
    scopes?: readonly string[];
    requestId?: string;
  }): Promise<BrokerIssuedToken>;
  /** One page of provisioned users; `nextPageToken` is undefined on the last page. */
  listProvisionedUsers(input?: {
    pageSize?: number;
    pageToken?: string;
  }): Promise<{ users: ProvisionedUser[]; nextPageToken: string | undefined }>;
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
            { userId: input.userId, scopes: [...(input.scopes ?? [])], requestId: input.requestId ?? '' },
            metadata,
            callOptions,
            callback,
          ),
      );
      return issued(response);
    },
    async listProvisionedUsers(input = {}) {
      const response = await channel.unary<ListProvisionedUsersResponse>(
        'ListProvisionedUsers',
        (metadata, callOptions, callback) =>
          client.listProvisionedUsers(
            { pageSize: input.pageSize ?? 0, pageToken: input.pageToken ?? '' },
            metadata,
            callOptions,
            callback,
          ),
      );
      return {
        users: response.users.map((user) => ({
          userId: user.userId,
          scopes: [...user.scopes],
          grantedAt: user.grantedAt,
        })),
        nextPageToken: response.nextPageToken === '' ? undefined : response.nextPageToken,
      };
    },
    close: () => client.close(),
  };
}
