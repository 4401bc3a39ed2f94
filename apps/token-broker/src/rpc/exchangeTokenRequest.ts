import type { ExchangeTokenRequest } from '@nc-mcp/proto';
import { BrokerFailure } from '../brokerFailure.js';

// Bounds on what a caller controls, checked before any of it is logged or sent to the IdP; documented in
// proto/ncmcp/broker/v1/session_token.proto. Messages name the field and the rule, never the value.

/** Longest accepted `request_id`; it only correlates log lines. */
export const MAX_REQUEST_ID_LENGTH = 128;
/** What a `request_id` may contain: enough for UUIDs and dotted or colon-separated ids, nothing to inject. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
/** Longest accepted `audience` (a client id at the IdP). */
export const MAX_AUDIENCE_LENGTH = 256;
/** Longest accepted scope. */
export const MAX_SCOPE_LENGTH = 128;
/** Most scopes one request may name. */
export const MAX_SCOPES = 32;

// Space-free by RFC 6749 §3.3; quotes and backslashes would only ever be an attempt to break a header.
const UNSAFE = /[\s"\\]/;

/** The request's `request_id`, or undefined when it sent none; throws `invalid_argument` if out of bounds. */
export function checkedRequestId(requestId: string): string | undefined {
  if (requestId === '') return undefined;
  if (requestId.length > MAX_REQUEST_ID_LENGTH || !REQUEST_ID_PATTERN.test(requestId)) {
    throw invalid(`request_id must be at most ${MAX_REQUEST_ID_LENGTH} characters of [A-Za-z0-9._:-]`);
  }
  return requestId;
}

/**
 * The audience (the default when empty) and the de-duplicated scopes; throws `invalid_argument` naming the
 * field. An empty scope list would let the IdP pick, which is never wanted.
 */
export function checkedExchangeRequest(
  request: ExchangeTokenRequest,
  defaultAudience: string,
): { audience: string; scopes: string[] } {
  if (request.audience.length > MAX_AUDIENCE_LENGTH || UNSAFE.test(request.audience)) {
    throw invalid(`audience must be at most ${MAX_AUDIENCE_LENGTH} characters, without spaces`);
  }
  if (request.subjectToken === '') throw invalid('subject_token is required');
  if (request.scopes.length === 0) throw invalid('scopes must name at least one scope');
  if (request.scopes.length > MAX_SCOPES) throw invalid(`scopes must name at most ${MAX_SCOPES} scopes`);
  for (const scope of request.scopes) {
    if (scope === '' || UNSAFE.test(scope)) throw invalid('scopes must be non-empty and contain no spaces');
    if (scope.length > MAX_SCOPE_LENGTH)
      throw invalid(`each scope must be at most ${MAX_SCOPE_LENGTH} characters`);
  }
  return {
    audience: request.audience === '' ? defaultAudience : request.audience,
    scopes: [...new Set(request.scopes)],
  };
}

function invalid(message: string): BrokerFailure {
  return new BrokerFailure('invalid_argument', message);
}
