/** Thrown by `startDevIdp` when `NODE_ENV=production`: this provider has fixed users and no security worth the name. */
export class DevOnlyError extends Error {
  readonly code = 'dev_only';
  readonly retryable = false;

  constructor(message = 'the dev IdP refuses to start with NODE_ENV=production', options?: ErrorOptions) {
    super(message, options);
    this.name = 'DevOnlyError';
  }
}
