import type { Logger } from 'pino';

/**
 * Shuts a service down on SIGTERM or SIGINT: logs the signal, awaits `close`, then exits 0 (or 1,
 * logged, if closing failed). Every app's entry point ends with this.
 */
export function exitOnSignals(logger: Logger, close: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
