import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, EXPECTED_NEGOTIATION } from './support/clientKind.js';
import { connectWithLogin } from './support/connect.js';
import type { CallToolResult, McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, text } from './support/toolResults.js';

describe('exchange mode, end to end: MCP SDK client → MCP server → broker → dev IdP, Nextcloud test double', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode: 'exchange' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let flow1Token: string;

    beforeAll(async () => {
      const login = await connectWithLogin(kind, stack.mcpUrl, 'alice', 'alice');
      alice = login.client;
      flow1Token = login.accessToken;
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
    });

    it('negotiates the protocol era its kind implies', () => {
      expect(alice.negotiated()).toEqual(EXPECTED_NEGOTIATION[kind]);
    });

    it('logs in with a token whose audience is the MCP server only — Nextcloud itself refuses it', async () => {
      const aud = decodeJwt(flow1Token).aud;
      expect(aud).toContain('mcp-server');
      expect(aud).not.toContain('nextcloud');
      const direct = await fetch(`${stack.nextcloud.url}/ocs/v2.php/cloud/user`, {
        headers: {
          Authorization: `Bearer ${flow1Token}`,
          'OCS-APIRequest': 'true',
          Accept: 'application/json',
        },
      });
      expect(direct.status).toBe(401);
    });

    it('runs notes tools successfully, so only exchanged tokens can have reached Nextcloud', async () => {
      const created = await call(alice, 'nc_notes_create', { title: 'Exchanged', content: 'via broker' });
      expect(created.isError ?? false, text(created)).toBe(false);
      const id = (created.structuredContent as { id: number }).id;
      const got = await call(alice, 'nc_notes_get', { id });
      expect(got.structuredContent).toMatchObject({ id, content: 'via broker' });
      const appended = await call(alice, 'nc_notes_append', { id, text: 'again' });
      expect(appended.isError ?? false, text(appended)).toBe(false);
    });

    it('lists no provisioning tools', async () => {
      const names = (await alice.listTools()).tools.map((tool) => tool.name);
      expect(names.some((name) => /provision|revoke_nextcloud|check_provisioning/.test(name))).toBe(false);
      expect(names).toContain('nc_notes_list');
    });

    it('fails tool calls cleanly while the broker is down and recovers when it is back', async () => {
      await stack.stopBroker();
      let recovered: CallToolResult | undefined;
      try {
        const failed = await call(alice, 'nc_notes_list', {});
        expect(failed.isError).toBe(true);
        expect(text(failed)).toMatch(/unavailable/i);
        expect(text(failed)).not.toMatch(/127\.0\.0\.1|grpc|ECONNREFUSED|14 UNAVAILABLE/i);
      } finally {
        // The next client kind needs the broker whatever happened here.
        await stack.startBroker();
      }
      for (let attempt = 0; attempt < 40; attempt++) {
        recovered = await call(alice, 'nc_notes_list', {});
        if (!recovered.isError) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(recovered?.isError ?? false, recovered && text(recovered)).toBe(false);
    });

    it('never writes the Flow 1 token to any service’s logs', () => {
      const logs = stack.logs.text();
      expect(logs).toContain('exchange');
      expect(logs).not.toContain(flow1Token);
      expect(logs).not.toContain(flow1Token.split('.')[2]);
    });
  });
});
