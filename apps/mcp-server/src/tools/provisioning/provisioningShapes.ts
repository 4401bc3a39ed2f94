import type { ProvisioningStatus } from '@nc-mcp/broker-client/session';
import { z } from 'zod';

/** Output fields describing a stored grant; all optional, as a not-provisioned answer has none. */
export const grantShape = {
  scopes: z.array(z.string()).optional(),
  grantedAt: z.string().optional().describe('ISO 8601'),
  grantedBy: z.string().optional().describe('The client that asked for it.'),
  lastUsedAt: z.string().optional().describe('ISO 8601; absent when never used.'),
};

/** The grant fields of a provisioned status. */
export function statusOf(status: Extract<ProvisioningStatus, { provisioned: true }>) {
  return {
    scopes: status.scopes,
    grantedAt: new Date(status.grantedAt * 1000).toISOString(),
    grantedBy: status.clientId,
    ...(status.lastUsedAt === undefined
      ? {}
      : { lastUsedAt: new Date(status.lastUsedAt * 1000).toISOString() }),
  };
}
