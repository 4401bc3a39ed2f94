import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './support/clientKind.js';
import { connectWithLogin, connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';

// One tool call can be followed across the two services: the MCP server's "tool call" line and the
// broker's "token exchange" line carry the same request id.
describe('request id across the MCP server and the token broker', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode: 'exchange' });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  const toolCalls = () =>
    stack.logs.records().filter((record) => record.msg === 'tool call' && record.service === 'mcp-server');
  const exchanges = () =>
    stack.logs
      .records()
      .filter((record) => record.msg === 'token exchange' && record.rpc === 'ExchangeToken');

  describe.each(CLIENT_KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let accessToken: string;
    const others: McpTestClient[] = [];

    beforeAll(async () => {
      const login = await connectWithLogin(kind, stack.mcpUrl, 'alice', 'alice');
      alice = login.client;
      accessToken = login.accessToken;
    }, 30_000);
    afterAll(async () => {
      for (const client of others) await client.close();
      await alice?.close();
    });

    async function clientWithRequestId(requestId: string): Promise<McpTestClient> {
      const client = await connectWithToken(kind, stack.mcpUrl, accessToken, {
        headers: { 'X-Request-Id': requestId },
      });
      others.push(client);
      return client;
    }

    it('logs a fresh request id on the tool call and on the exchange it caused', async () => {
      const before = toolCalls().length;
      await alice.callTool({ name: 'nc_notes_list', arguments: {} });
      const toolCall = toolCalls().slice(before);
      expect(toolCall).toHaveLength(1);
      const requestId = toolCall[0]?.requestId;
      expect(String(requestId)).toMatch(/^[0-9a-f-]{36}$/);
      const matching = exchanges().filter((r) => r.requestId === requestId);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({ outcome: 'ok', caller: 'mcp-server' });
    }, 30_000);

    it("reuses a well-formed incoming X-Request-Id in both services' logs", async () => {
      // A different id per kind, so one kind's log lines cannot satisfy another's assertions.
      const requestId = `proxy-trace.42:${kind}`;
      const client = await clientWithRequestId(requestId);
      await client.callTool({ name: 'nc_notes_list', arguments: {} });
      expect(toolCalls().some((r) => r.requestId === requestId)).toBe(true);
      expect(exchanges().some((r) => r.requestId === requestId && r.outcome === 'ok')).toBe(true);
    }, 30_000);

    it('replaces an X-Request-Id outside the safe alphabet instead of logging it', async () => {
      const client = await clientWithRequestId(`evil id "with" spaces ${kind}`);
      await client.callTool({ name: 'nc_notes_list', arguments: {} });
      expect(stack.logs.text()).not.toContain('evil id');
    }, 30_000);
  });
});
