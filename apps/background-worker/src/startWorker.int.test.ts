import { captureLogs } from '@nc-mcp/logger';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnv } from './env.js';
import { startWorker } from './startWorker.js';
import { WorkerError } from './workerError.js';

describe('startWorker', () => {
  it('refuses to start with one clear error naming REDIS_URL when Redis is unreachable, without its password', async () => {
    const logs = captureLogs('background-worker');
    const env = loadWorkerEnv({
      REDIS_URL: 'redis://worker:redis-secret@127.0.0.1:1',
      TOKEN_BROKER_URL: '127.0.0.1:1',
      TOKEN_BROKER_CALLER_KEY: 'worker-test-key-0123456789',
      NEXTCLOUD_URL: 'http://127.0.0.1:1',
      INDEX_DATA_DIR: '/nonexistent/not-reached',
    });
    const error = await startWorker({ env, logger: logs.logger, admin: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ code: 'redis_unreachable', retryable: true });
    expect((error as Error).message).toBe('REDIS_URL: Redis at redis://127.0.0.1:1 cannot be reached');
    expect(logs.text()).not.toContain('redis-secret');
  });
});
