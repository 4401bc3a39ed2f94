import type { BackgroundTokenServiceService } from '@nc-mcp/proto';
import { BrokerFailure } from '../brokerFailure.js';
import type { GuardedHandlers } from './guardService.js';

// Registered now so caller authorization already applies to them; the bodies come with later issues.
const later = async (): Promise<never> => {
  throw new BrokerFailure('not_implemented', 'implemented in a later issue');
};

/** Handlers of `ncmcp.broker.v1.BackgroundTokenService`: UNIMPLEMENTED for now. */
export function backgroundTokenHandlers(): GuardedHandlers<typeof BackgroundTokenServiceService> {
  return { getBackgroundToken: later };
}
