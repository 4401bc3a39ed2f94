import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevIdp, startDevIdp } from './startDevIdp.js';
import { verifyWithIdpJwks } from './testing/idpTestRequests.js';
import { obtainTokens } from './testing/obtainTokens.js';

const THIS_SERVER = 'http://127.0.0.1:41234/mcp';
const OTHER_SERVER = 'http://127.0.0.1:41299/mcp';
const alice = { username: 'alice', password: 'alice', scopes: ['openid', 'notes.read'] };
const TIMEOUT = 30_000;

describe('mcpResource: only this MCP server’s tokens name mcp-server', () => {
  let passThrough: DevIdp;
  let exchange: DevIdp;
  beforeAll(async () => {
    [passThrough, exchange] = await Promise.all([
      startDevIdp({ mcpResource: THIS_SERVER }),
      startDevIdp({ mcpResource: THIS_SERVER, tokenMode: 'exchange' }),
    ]);
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all([passThrough?.close(), exchange?.close()]);
  });

  async function audienceFor(idp: DevIdp, resource: string): Promise<unknown> {
    const tokens = await obtainTokens(idp, { ...alice, resource });
    return (await verifyWithIdpJwks(idp, tokens.access_token)).aud;
  }

  it(
    'gives a token for this server its resource, mcp-server and (pass-through) nextcloud',
    async () => {
      expect(await audienceFor(passThrough, THIS_SERVER)).toEqual([THIS_SERVER, 'mcp-server', 'nextcloud']);
      expect(await audienceFor(exchange, THIS_SERVER)).toEqual([THIS_SERVER, 'mcp-server']);
    },
    TIMEOUT,
  );

  it(
    'gives a token for another /mcp resource only that resource',
    async () => {
      expect(await audienceFor(passThrough, OTHER_SERVER)).toEqual([OTHER_SERVER]);
      expect(await audienceFor(exchange, OTHER_SERVER)).toEqual([OTHER_SERVER]);
    },
    TIMEOUT,
  );

  it(
    'without mcpResource keeps naming mcp-server for any /mcp resource (ephemeral test ports)',
    async () => {
      const open = await startDevIdp();
      try {
        expect(open.tokenMode).toBe('pass-through');
        expect(await audienceFor(open, OTHER_SERVER)).toEqual([OTHER_SERVER, 'mcp-server', 'nextcloud']);
      } finally {
        await open.close();
      }
    },
    TIMEOUT,
  );
});
