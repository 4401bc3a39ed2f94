import type { Logger } from 'pino';

/** Where a service's `main` puts its logger once it has one, so a later start-up failure is logged. */
export interface ServiceLogger {
  current?: Logger;
}

/**
 * Runs a service's `main` and turns a start-up failure into an exit: a configuration problem (an
 * error whose `code` is `invalid_config`, i.e. a ConfigError), wherever start-up finds it, is one
 * readable line on stderr and exit code 2, never a stack trace; anything else is logged as fatal (with
 * its stack inside the JSON record) and exits 1.
 */
export function runService(name: string, main: (logger: ServiceLogger) => Promise<void>): void {
  const logger: ServiceLogger = {};
  main(logger).catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'invalid_config' && error instanceof Error) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    }
    if (logger.current) logger.current.fatal({ err: error }, `${name} failed to start`);
    else
      process.stderr.write(
        `${name}: failed to start: ${error instanceof Error ? error.message : 'unknown error'}\n`,
      );
    process.exit(1);
  });
}
