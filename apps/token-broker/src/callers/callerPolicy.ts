import { BrokerFailure } from '../brokerFailure.js';
import type { CallerName } from './callerNames.js';

// The session/background separation of the architecture: a compromised MCP server can never obtain a
// background (refresh-derived) token, and the worker can never exchange a client's token.
const ALLOWED: Readonly<Record<string, readonly CallerName[]>> = {
  'ncmcp.broker.v1.SessionTokenService': ['mcp-server'],
  'ncmcp.broker.v1.ProvisioningService': ['mcp-server'],
  'ncmcp.broker.v1.BackgroundTokenService': ['background-worker'],
};

/** The fully-qualified services that require a caller identity. */
export const GUARDED_SERVICES: readonly string[] = Object.keys(ALLOWED);

/** Throws `caller_not_allowed` unless `caller` may call `service` (fully-qualified name). */
export function authorizeCaller(caller: CallerName, service: string): void {
  if (!ALLOWED[service]?.includes(caller)) {
    throw new BrokerFailure('caller_not_allowed', `${caller} may not call ${service}`);
  }
}
