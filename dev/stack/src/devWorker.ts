import { createConnection } from 'node:net';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './devDataDir.js';

/** Where `pnpm start` keeps the background worker's index, shared with the MCP server (read-only there). */
export const DEV_INDEX_DATA_DIR = join(REPOSITORY_ROOT, 'data', 'index');

/** Whether something answers a Redis PING at `url` within `timeoutMs` (no client library needed). */
export function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  if (parsed.protocol !== 'redis:') return Promise.resolve(true); // rediss: left to the worker to judge
  return new Promise((resolve) => {
    const socket = createConnection({ host: parsed.hostname, port: Number(parsed.port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // +PONG, or -NOAUTH when a password is needed: either way a Redis is there.
    socket.once('data', (data) => done(/^[+-]/.test(data.toString('utf8'))));
  });
}

/** The loud notice that background sync is off because Redis is not there. */
export function noRedisNotice(url: string): string {
  const bar = '!'.repeat(78);
  const shown = url.replace(/\/\/[^@/]*@/, '//');
  return `\n${bar}\n!! No Redis answers at ${shown} (REDIS_URL): the background worker is not started.\n!! Start Redis (or set REDIS_URL) and restart to sync provisioned users in the background.\n${bar}\n`;
}
