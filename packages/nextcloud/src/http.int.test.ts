import { captureLogs } from '@nc-mcp/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { createNextcloudClient } from './createNextcloudClient.js';
import { createRouter, type ReplayServer, startReplayServer } from './testing/replayServer.js';
import { staticTokenSource } from './testing/tokenSources.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOTE = '/index.php/apps/notes/api/v1/notes/1';

describe('request core', () => {
  it('maps a 503 to a retryable unavailable error with a generic message', async () => {
    const router = createRouter().on('GET', NOTE, {
      status: 503,
      body: 'maintenance mode at http://internal:8080',
    });
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('s', 'tok'));

    const error = await session.notes.get(1).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unavailable', retryable: true, status: 503 });
    expect((error as Error).message).not.toContain('internal');
  });

  it('logs a failed request with a readable errorCode and status, and without the token', async () => {
    const router = createRouter().on('GET', NOTE, { status: 423, body: '{}' });
    server = await startReplayServer(router.route);
    const logs = captureLogs();
    const session = createNextcloudClient({ baseUrl: server.baseUrl, logger: logs.logger }).session(
      staticTokenSource('s', 'secret-tok'),
    );

    await expect(session.notes.get(1)).rejects.toMatchObject({ code: 'locked' });

    const failed = logs.records().find((record) => record.msg === 'nextcloud request failed');
    expect(failed).toMatchObject({ errorCode: 'locked', status: 423, path: NOTE });
    expect(logs.text()).not.toContain('[redacted]');
    expect(logs.text()).not.toContain('secret-tok');
  });

  it('gives up after timeoutMs with a retryable timeout error', async () => {
    const router = createRouter().on('GET', NOTE, { status: 200, body: '{}', delayMs: 5_000 });
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl, timeoutMs: 100 }).session(
      staticTokenSource('s', 'tok'),
    );
    await expect(session.notes.get(1)).rejects.toMatchObject({ code: 'timeout', retryable: true });
  });

  it('maps a refused connection to unavailable without the token in the message', async () => {
    const closed = await startReplayServer(() => ({ status: 200 }));
    const baseUrl = closed.baseUrl;
    await closed.close();
    const session = createNextcloudClient({ baseUrl }).session(staticTokenSource('s', 'secret-tok'));

    const error = await session.notes.get(1).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(String(error)).not.toContain('secret-tok');
  });

  it('does not follow redirects, so the bearer token never travels to another URL', async () => {
    const router = createRouter()
      .on('GET', NOTE, { status: 302, headers: { Location: '/elsewhere' } })
      .on('GET', '/elsewhere', { status: 200, body: '{"id":1}' });
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('s', 'tok'));

    await expect(session.notes.get(1)).rejects.toMatchObject({ code: 'protocol', status: 302 });
    expect(server.requests.map((r) => r.url)).toEqual([NOTE]);
  });

  it('treats a non-JSON success body as a protocol error', async () => {
    const router = createRouter().on('GET', NOTE, { status: 200, body: '<html>login</html>' });
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: server.baseUrl }).session(staticTokenSource('s', 'tok'));
    await expect(session.notes.get(1)).rejects.toMatchObject({ code: 'protocol' });
  });

  it('keeps a base path of the Nextcloud URL in front of every request', async () => {
    const router = createRouter().on('GET', `/nextcloud${NOTE}`, { status: 200, body: '{"id":1}' });
    server = await startReplayServer(router.route);
    const session = createNextcloudClient({ baseUrl: `${server.baseUrl}/nextcloud/` }).session(
      staticTokenSource('s', 'tok'),
    );
    expect(await session.notes.get(1)).toMatchObject({ id: 1 });
  });
});
