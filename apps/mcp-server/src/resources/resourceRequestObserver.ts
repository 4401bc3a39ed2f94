import type { Logger } from '@nc-mcp/logger';

/**
 * Runs one resource request (read, list, completion) and logs its method, duration and outcome; a
 * failure leaves through `toError`, the family's one translation to what the client may see.
 */
export function resourceRequestObserver(
  logger: Logger,
  toError: (error: unknown, logger: Logger, uri: string | undefined) => unknown,
) {
  return async function observe<T>(
    method: string,
    uri: string | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    let outcome = 'error';
    try {
      const result = await run();
      outcome = 'ok';
      return result;
    } catch (error) {
      throw toError(error, logger, uri);
    } finally {
      logger.info({ method, ms: Math.round(performance.now() - started), outcome }, 'resource request');
    }
  };
}
