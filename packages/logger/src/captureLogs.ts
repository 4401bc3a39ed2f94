import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from './createLogger.js';

/** A logger whose output is kept in memory, so a test can assert what was (and was not) logged. */
export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, raw JSON text. */
  text(): string;
  /** Every record written so far, parsed. */
  records(): Record<string, unknown>[];
}

/** Creates a {@link CapturedLogs} at the given level (default `debug`, so nothing hides). */
export function captureLogs(name = 'test', level = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ name, level, destination });
  const text = () => chunks.join('');
  return {
    logger,
    text,
    records: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
