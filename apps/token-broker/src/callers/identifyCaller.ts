import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { BrokerFailure } from '../brokerFailure.js';
import type { CallerKeyChecker } from './callerKeys.js';
import { type CallerName, isCallerName } from './callerNames.js';

/** Metadata a caller sends when the broker runs without TLS. */
export const CALLER_HEADER = 'x-broker-caller';
/** Metadata carrying the caller's key; never logged. */
export const CALLER_KEY_HEADER = 'x-broker-key';

/** How callers prove who they are: a verified client certificate, or a name and key in metadata. */
export type CallerAuthentication = { mode: 'mtls' } | { mode: 'keys'; keys: CallerKeyChecker };

/** The parts of a grpc-js server call identification reads. */
export interface IdentifiableCall {
  metadata: Metadata;
  getAuthContext(): ReturnType<ServerUnaryCall<unknown, unknown>['getAuthContext']>;
}

/** Returns the caller's identity or throws `caller_unauthenticated` (the message is for the log only). */
export function identifyCaller(call: IdentifiableCall, authentication: CallerAuthentication): CallerName {
  if (authentication.mode === 'mtls') {
    // grpc-js only hands out a peer certificate that passed verification against the client CA.
    const commonName: unknown = call.getAuthContext().sslPeerCertificate?.subject?.CN;
    if (commonName === undefined) throw refusal('no client certificate');
    if (!isCallerName(commonName)) throw refusal('client certificate names an unknown caller');
    return commonName;
  }
  const name = single(call.metadata, CALLER_HEADER);
  const key = single(call.metadata, CALLER_KEY_HEADER);
  if (name === undefined || key === undefined) throw refusal('missing caller metadata');
  if (!isCallerName(name)) throw refusal('unknown caller');
  if (!authentication.keys.matches(name, key)) throw refusal('wrong caller key');
  return name;
}

// One string value or nothing: a repeated header is ambiguous, so it counts as absent.
function single(metadata: Metadata, header: string): string | undefined {
  const values = metadata.get(header);
  const [value] = values;
  return values.length === 1 && typeof value === 'string' && value !== '' ? value : undefined;
}

function refusal(reason: string): BrokerFailure {
  return new BrokerFailure('caller_unauthenticated', reason);
}

/** Who the caller claims to be, for refusal logs: a known caller name or `unknown`, never raw input. */
export function claimedCaller(call: IdentifiableCall, authentication: CallerAuthentication): string {
  const claimed: unknown =
    authentication.mode === 'mtls'
      ? call.getAuthContext().sslPeerCertificate?.subject?.CN
      : call.metadata.get(CALLER_HEADER)[0];
  return isCallerName(claimed) ? claimed : 'unknown';
}
