import { credentials } from '@grpc/grpc-js';
import { createBackgroundTokenClient } from '@nc-mcp/broker-client/background';
import { createSilentLogger } from '@nc-mcp/logger';
import { HealthClient } from '@nc-mcp/proto';
import { describe, expect, it } from 'vitest';
import { startTestBroker, WORKER_KEY } from './testing/brokerHarness.js';

const NO_IDP = 'http://127.0.0.1:9';
const logger = createSilentLogger();

describe('startBroker', () => {
  it('closes with a health watch open, and a restart on the same port is used again by the same client', async () => {
    const first = await startTestBroker(NO_IDP, { logger });
    const client = createBackgroundTokenClient({
      address: first.address,
      caller: 'background-worker',
      callerKey: WORKER_KEY,
    });
    // No vault key is configured, so the broker answers failed-precondition — as long as it runs.
    const ask = () =>
      client
        .getBackgroundToken({ userId: 'alice', scopes: ['notes.read'] })
        .catch((error: { code: string }) => error.code);
    const health = new HealthClient(first.address, credentials.createInsecure());
    const watch = health.watch({ service: '' });
    watch.on('error', () => undefined);
    await new Promise((resolve) => watch.once('data', resolve));
    try {
      expect(await ask()).toBe('failed_precondition');
      await first.close();
      expect(await ask()).toBe('unavailable');

      const second = await startTestBroker(NO_IDP, { logger, extra: { BROKER_PORT: String(first.port) } });
      try {
        let answer = await ask();
        for (let attempt = 0; attempt < 60 && answer === 'unavailable'; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          answer = await ask();
        }
        expect(answer).toBe('failed_precondition');
      } finally {
        await second.close();
      }
    } finally {
      health.close();
      client.close();
    }
  }, 20_000);
});
