export { type CapturedLogs, captureLogs } from './captureLogs.js';
export type { CreateLoggerOptions, Logger } from './createLogger.js';
export { createLogger, createSilentLogger, REDACT_PATHS } from './createLogger.js';
export { exitOnSignals } from './exitOnSignals.js';
export { runService, type ServiceLogger } from './runService.js';
