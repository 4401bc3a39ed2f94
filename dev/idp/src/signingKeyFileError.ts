/** Thrown by `startDevIdp` when the signing key in its data directory cannot be read or used. */
export class SigningKeyFileError extends Error {
  readonly code = 'signing_key_file';
  readonly retryable = false;

  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`the dev IdP's signing key file ${file} ${problem}; delete it to make a new key`, options);
    this.name = 'SigningKeyFileError';
  }
}
