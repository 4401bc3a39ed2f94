export type { CrossFieldRules, EnvIssue, EnvSource, RawEnv } from './envSchema.js';
export {
  allOrNone,
  ConfigError,
  envBoolean,
  envInteger,
  envList,
  envLogLevel,
  envPort,
  envPostgresUrl,
  envQueuePrefix,
  envRedisUrl,
  envString,
  envUrl,
  parseEnv,
  rawBoolean,
} from './envSchema.js';
export { requireReadableFiles } from './readableFiles.js';
