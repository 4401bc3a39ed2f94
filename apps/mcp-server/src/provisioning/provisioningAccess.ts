import type { AuthInfo } from '@modelcontextprotocol/server';
import { BrokerCallError } from '@nc-mcp/broker-client';
import type {
  ProvisioningClient,
  ProvisioningStatus,
  StartedProvisioning,
} from '@nc-mcp/broker-client/session';
import { ToolStateError } from '../tools/toolErrors.js';

/**
 * Flow 2 for one tool call, bound to the verified caller: tools never see the token, and cannot name
 * another user. Every failure is a curated ToolStateError (or the BrokerCallError for an outage).
 */
export interface ProvisioningAccess {
  start(): Promise<StartedProvisioning>;
  status(): Promise<ProvisioningStatus>;
  revoke(): Promise<{ revoked: boolean; idpConfirmed: boolean }>;
}

/** Binds the broker's provisioning client to one caller and one MCP request. */
export function provisioningAccessFor(
  client: ProvisioningClient,
  auth: Pick<AuthInfo, 'token'>,
  requestId: string,
): ProvisioningAccess {
  const caller = { subjectToken: auth.token, requestId };
  return {
    start: () => curated(client.start(caller)),
    status: () => curated(client.status(caller)),
    revoke: () => curated(client.revoke(caller)),
  };
}

async function curated<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    throw curatedProvisioningError(error);
  }
}

/** What the model is told when the broker refuses a provisioning call; outages stay BrokerCallErrors. */
export function curatedProvisioningError(error: unknown): unknown {
  if (!(error instanceof BrokerCallError)) return error;
  switch (error.reason) {
    case 'provisioning_disabled':
      return new ToolStateError('precondition', 'Background access is switched off on this server.', {
        cause: error,
      });
    case 'vault_misconfigured':
    case 'broker_misconfigured':
      return new ToolStateError(
        'precondition',
        'Background access is not configured on this server yet; ask the administrator (see the token broker log).',
        { cause: error },
      );
    default:
      return error;
  }
}
