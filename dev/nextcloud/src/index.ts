export { createDevNextcloudApp } from './app.js';
export { hashedUserId } from './auth/bearer.js';
export { DevOnlyError } from './devOnlyError.js';
export type { ContentionOptions } from './notes/contention.js';
export type { DevNextcloudApps, DevNextcloudOptions, DevNextcloudUserProfile } from './options.js';
export { type DevNextcloud, startDevNextcloud } from './start.js';
