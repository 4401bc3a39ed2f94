/** Thrown when the Nextcloud test double is asked to run with `NODE_ENV=production`. */
export class DevOnlyError extends Error {
  readonly code = 'dev_only';
  readonly retryable = false;

  constructor(
    message = 'the Nextcloud test double refuses to run with NODE_ENV=production',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DevOnlyError';
  }
}

/** Throws {@link DevOnlyError} in production. */
export function assertNotProduction(): void {
  if (process.env.NODE_ENV === 'production') throw new DevOnlyError();
}
