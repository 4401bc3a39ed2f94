// The worker's surface for tests and the dev stack; the deployable entry is index.ts.
export { loadWorkerEnv, WORKER_ENV_VARIABLES, WORKER_REQUIRED_VARIABLES, type WorkerEnv } from './env.js';
export { userSchedulerId } from './schedules/userSchedules.js';
export { type RunningWorker, type StartWorkerOptions, startWorker } from './startWorker.js';
export { WorkerError, type WorkerErrorCode } from './workerError.js';
