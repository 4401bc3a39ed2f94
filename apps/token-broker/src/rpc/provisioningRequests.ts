import { BrokerFailure } from '../brokerFailure.js';
import { MAX_SCOPE_LENGTH, MAX_SCOPES } from './exchangeTokenRequest.js';

// Bounds on what a caller controls in ProvisioningService requests, checked before anything is logged,
// stored or sent to the IdP. Messages name the field and the rule, never the value.

/** Longest accepted subject token. */
export const MAX_SUBJECT_TOKEN_LENGTH = 16_384;
/** Longest accepted authorization code. */
export const MAX_CODE_LENGTH = 4096;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;
const BROWSER_BINDING = /^[A-Za-z0-9_-]{32,128}$/;
const IDP_ERROR = /^[a-z_]{1,64}$/;
const UNSAFE_SCOPE = /[\s"\\]/;

/** A subject token that is present and bounded. */
export function checkedSubjectToken(token: string): string {
  if (token === '') throw invalid('subject_token is required');
  if (token.length > MAX_SUBJECT_TOKEN_LENGTH) {
    throw invalid(`subject_token must be at most ${MAX_SUBJECT_TOKEN_LENGTH} characters`);
  }
  return token;
}

/** Who starts the flow: exactly one of a subject token and a browser binding. */
export function checkedStarter(request: {
  subjectToken: string;
  browserBinding: string;
}): { subjectToken: string } | { browserBinding: string } {
  if ((request.subjectToken === '') === (request.browserBinding === '')) {
    throw invalid('exactly one of subject_token and browser_binding is required');
  }
  if (request.browserBinding !== '') return { browserBinding: checkedBinding(request.browserBinding) };
  return { subjectToken: checkedSubjectToken(request.subjectToken) };
}

/** Requested background scopes (empty = all configured ones). */
export function checkedScopes(scopes: readonly string[]): string[] {
  if (scopes.length > MAX_SCOPES) throw invalid(`scopes must name at most ${MAX_SCOPES} scopes`);
  for (const scope of scopes) {
    if (scope === '' || UNSAFE_SCOPE.test(scope) || scope.length > MAX_SCOPE_LENGTH) {
      throw invalid(`each scope must be 1–${MAX_SCOPE_LENGTH} characters without spaces`);
    }
  }
  return [...new Set(scopes)];
}

/** The callback's parameters. A malformed state is indistinguishable from a forged one: `provisioning_unknown`. */
export function checkedCompletion(request: {
  state: string;
  code: string;
  browserBinding: string;
  idpError: string;
}): { state: string; code: string; browserBinding: string; idpError: string } {
  if (!STATE.test(request.state)) {
    throw new BrokerFailure('provisioning_unknown', 'state is missing or malformed');
  }
  if (request.idpError !== '' && !IDP_ERROR.test(request.idpError)) {
    throw invalid('idp_error must be 1–64 characters of [a-z_]');
  }
  if (request.idpError === '' && request.code === '') throw invalid('code is required');
  if (request.code.length > MAX_CODE_LENGTH)
    throw invalid(`code must be at most ${MAX_CODE_LENGTH} characters`);
  if (request.browserBinding !== '') checkedBinding(request.browserBinding);
  return request;
}

function checkedBinding(binding: string): string {
  if (!BROWSER_BINDING.test(binding))
    throw invalid('browser_binding must be 32–128 characters of [A-Za-z0-9_-]');
  return binding;
}

function invalid(message: string): BrokerFailure {
  return new BrokerFailure('invalid_argument', message);
}
