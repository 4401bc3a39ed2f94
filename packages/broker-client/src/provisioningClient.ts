import {
  type CompleteResponse,
  ProvisioningServiceClient,
  type RevokeResponse,
  type StartResponse,
  type StatusResponse,
} from '@nc-mcp/proto';
import { createBrokerChannel } from './brokerChannel.js';
import type { BrokerClientOptions } from './brokerClientOptions.js';

/** A started Flow 2: the URL the user opens, and until when (unix seconds) it can be completed. */
export interface StartedProvisioning {
  authorizationUrl: string;
  expiresAt: number;
}

/** Whether the user has granted background access; times are unix seconds. */
export type ProvisioningStatus =
  | { provisioned: false }
  | {
      provisioned: true;
      scopes: string[];
      grantedAt: number;
      clientId: string;
      lastUsedAt: number | undefined;
    };

/** The MCP server's view of the broker's ProvisioningService (Flow 2). Every method throws BrokerCallError. */
export interface ProvisioningClient {
  /** Starts a flow bound to the user of `subjectToken`, or to a browser holding `browserBinding`. */
  start(
    input: ({ subjectToken: string } | { browserBinding: string }) & {
      scopes?: readonly string[];
      requestId?: string;
    },
  ): Promise<StartedProvisioning>;
  /** Hands the callback's parameters to the broker, which redeems the code and stores the grant. */
  complete(input: {
    state: string;
    code: string;
    browserBinding?: string;
    idpError?: string;
    requestId?: string;
  }): Promise<{ userId: string; scopes: string[]; clientId: string }>;
  status(input: { subjectToken: string; requestId?: string }): Promise<ProvisioningStatus>;
  /** `revoked`: a stored grant was deleted; `idpConfirmed`: the IdP acknowledged the revocation. */
  revoke(input: {
    subjectToken: string;
    requestId?: string;
  }): Promise<{ revoked: boolean; idpConfirmed: boolean }>;
  /** Closes the channel; later calls fail. */
  close(): void;
}

/** Creates a client with one reused channel; safe to call concurrently. */
export function createProvisioningClient(options: BrokerClientOptions): ProvisioningClient {
  const channel = createBrokerChannel(options);
  const client = new ProvisioningServiceClient(channel.address, channel.credentials, channel.channelOptions);
  return {
    async start(input) {
      const response = await channel.unary<StartResponse>('Start', (metadata, callOptions, callback) =>
        client.start(
          {
            subjectToken: 'subjectToken' in input ? input.subjectToken : '',
            browserBinding: 'browserBinding' in input ? input.browserBinding : '',
            scopes: [...(input.scopes ?? [])],
            requestId: input.requestId ?? '',
          },
          metadata,
          callOptions,
          callback,
        ),
      );
      return { authorizationUrl: response.authorizationUrl, expiresAt: response.expiresAt };
    },
    async complete(input) {
      const response = await channel.unary<CompleteResponse>('Complete', (metadata, callOptions, callback) =>
        client.complete(
          {
            state: input.state,
            code: input.code,
            browserBinding: input.browserBinding ?? '',
            idpError: input.idpError ?? '',
            requestId: input.requestId ?? '',
          },
          metadata,
          callOptions,
          callback,
        ),
      );
      return { userId: response.userId, scopes: [...response.scopes], clientId: response.clientId };
    },
    async status(input) {
      const response = await channel.unary<StatusResponse>('Status', (metadata, callOptions, callback) =>
        client.status(
          { subjectToken: input.subjectToken, requestId: input.requestId ?? '' },
          metadata,
          callOptions,
          callback,
        ),
      );
      if (!response.provisioned) return { provisioned: false };
      return {
        provisioned: true,
        scopes: [...response.scopes],
        grantedAt: response.grantedAt,
        clientId: response.clientId,
        lastUsedAt: response.lastUsedAt === 0 ? undefined : response.lastUsedAt,
      };
    },
    async revoke(input) {
      const response = await channel.unary<RevokeResponse>('Revoke', (metadata, callOptions, callback) =>
        client.revoke(
          { subjectToken: input.subjectToken, requestId: input.requestId ?? '' },
          metadata,
          callOptions,
          callback,
        ),
      );
      return { revoked: response.revoked, idpConfirmed: response.idpConfirmed };
    },
    close: () => client.close(),
  };
}
