export type { TokenVerifierOptions } from './createTokenVerifier.js';
export { createTokenVerifier, DEFAULT_ALGORITHMS } from './createTokenVerifier.js';
export type { DiscoverIssuerOptions, IssuerMetadata } from './discoverIssuer.js';
export { discoverIssuer, IssuerDiscoveryError } from './discoverIssuer.js';
export type { RejectionReason } from './rejection.js';
export { TokenRejection } from './rejection.js';
export type { VerifiedSubject } from './subject.js';
export { MissingSubjectError, subjectOf } from './subject.js';
export { TokenVerificationError } from './tokenVerificationError.js';
