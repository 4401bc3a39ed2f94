export type { EnvIssue, EnvSource } from './envSchema.js';
export {
  ConfigError,
  envBoolean,
  envInteger,
  envList,
  envLogLevel,
  envPort,
  envUrl,
  parseEnv,
} from './envSchema.js';
