// The background worker's client: tokens derived from the user's Flow 2 grant, never a session's.
export type { BackgroundTokenClient, ProvisionedUser } from './backgroundTokenClient.js';
export { createBackgroundTokenClient } from './backgroundTokenClient.js';
