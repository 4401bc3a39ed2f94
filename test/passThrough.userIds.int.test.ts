import { hashedUserId } from '@nc-mcp/dev-nextcloud';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './support/clientKind.js';
import { connectWithLogin } from './support/connect.js';
import { type Stack, startStack } from './support/stack.js';
import { call, structured } from './support/toolResults.js';

async function nextcloudUid(stack: Stack, accessToken: string): Promise<string> {
  const response = await fetch(`${stack.nextcloud.url}/ocs/v2.php/cloud/user`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      'OCS-APIRequest': 'true',
      Accept: 'application/json',
    },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { ocs: { data: { id: string } } }).ocs.data.id;
}

// One stack per user id mode, shared by the client kinds.
describe('pass-through mode and the Nextcloud user id modes', () => {
  let hashed: Stack;
  let byName: Stack;

  beforeAll(async () => {
    hashed = await startStack();
    byName = await startStack({ userIdMode: 'username' });
  }, 60_000);

  afterAll(async () => {
    await hashed?.close();
    await byName?.close();
  });

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    it('runs the suites with hashed user ids (user_oidc default) unless told otherwise', async () => {
      const { client, accessToken } = await connectWithLogin(kind, hashed.mcpUrl, 'alice', 'alice');
      await client.close();
      const sub = decodeJwt(accessToken).sub ?? '';
      expect(await nextcloudUid(hashed, accessToken)).toBe(hashedUserId(1, sub));
    });

    it('still works when Nextcloud user ids are the usernames', async () => {
      const { client, accessToken } = await connectWithLogin(kind, byName.mcpUrl, 'alice', 'alice');
      try {
        expect(await nextcloudUid(byName, accessToken)).toBe('alice');
        const created = structured(
          await call(client, 'nc_notes_create', { title: `By name (${kind})`, content: 'ok' }),
        );
        const got = structured(await call(client, 'nc_notes_get', { id: created.id }));
        expect(got.content).toBe('ok');
      } finally {
        await client.close();
      }
    });
  });
});
