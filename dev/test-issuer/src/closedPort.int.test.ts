import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedPort } from './closedPort.js';

describe('closedPort', () => {
  it('returns a port on 127.0.0.1 that refuses connections', async () => {
    const port = await closedPort();
    expect(port).toBeGreaterThan(0);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });
});
