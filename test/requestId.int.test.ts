import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWithLogin } from './support/connect.js';
import { type Stack, startStack } from './support/stack.js';

// One tool call can be followed across the two services: the MCP server's "tool call" line and the
// broker's "token exchange" line carry the same request id.
describe('request id across the MCP server and the token broker', () => {
  let stack: Stack;
  let alice: Client;
  let accessToken: string;
  const others: Client[] = [];

  beforeAll(async () => {
    stack = await startStack({ mode: 'exchange' });
    const login = await connectWithLogin(stack.mcpUrl, 'alice', 'alice');
    alice = login.client;
    accessToken = login.accessToken;
  }, 60_000);
  afterAll(async () => {
    for (const client of others) await client.close();
    await alice?.close();
    await stack?.close();
  });

  const toolCalls = () =>
    stack.logs.records().filter((record) => record.msg === 'tool call' && record.service === 'mcp-server');
  const exchanges = () =>
    stack.logs
      .records()
      .filter((record) => record.msg === 'token exchange' && record.rpc === 'ExchangeToken');

  async function clientWithRequestId(requestId: string): Promise<Client> {
    const client = new McpClient({ name: 'e2e-request-id', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(stack.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${accessToken}`, 'X-Request-Id': requestId } },
      }),
    );
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
    const client = await clientWithRequestId('proxy-trace.42:a');
    await client.callTool({ name: 'nc_notes_list', arguments: {} });
    expect(toolCalls().some((r) => r.requestId === 'proxy-trace.42:a')).toBe(true);
    expect(exchanges().some((r) => r.requestId === 'proxy-trace.42:a' && r.outcome === 'ok')).toBe(true);
  }, 30_000);

  it('replaces an X-Request-Id outside the safe alphabet instead of logging it', async () => {
    const client = await clientWithRequestId('evil id "with" spaces');
    await client.callTool({ name: 'nc_notes_list', arguments: {} });
    expect(stack.logs.text()).not.toContain('evil id');
  }, 30_000);
});
