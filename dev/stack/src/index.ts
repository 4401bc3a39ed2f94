export { devOnlyNotice, readyBanner } from './banner.js';
export { type ChildService, startChildService, waitFor, waitForHealthy } from './childService.js';
export { appEntryPoint } from './entryPoint.js';
export { DEV_STACK_ENV_VARIABLES, type DevStackEnv, loadDevStackEnv } from './env.js';
export { type InProcessStack, type InProcessStackOptions, startInProcessStack } from './inProcessStack.js';
