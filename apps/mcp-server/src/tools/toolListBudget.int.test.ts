import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_RESOURCE, MCP_POST_HEADERS, type RunningEdge, startEdge } from '../http/testing/startEdge.js';
import { TOOL_CATALOGUE } from './catalogue.js';
import { KNOWN_SCOPES } from './scopes.js';

// The budget and its reasoning are in CONTRIBUTING.md ("Adding a tool"): every client puts the whole
// tools/list into the model's context on every turn, so its size is a cost each conversation pays.
const BUDGET_PER_TOOL_BYTES = 2048;
const BUDGET_PER_FAMILY_BYTES = 20 * 1024;
const BUDGET_TOTAL_BYTES = 96 * 1024;

let idp: TestIssuer;
let edge: RunningEdge;
beforeAll(async () => {
  idp = await startTestIssuer();
  edge = await startEdge(idp.issuer);
}, 30_000);
afterAll(async () => {
  await edge?.close();
  await idp?.close();
});

describe('the size of tools/list', () => {
  it('stays within the budget for a token with every scope', async () => {
    const token = await idp.sign({ scope: KNOWN_SCOPES.join(' '), aud: ['mcp-server', EDGE_RESOURCE] });
    const response = await fetch(edge.url, {
      method: 'POST',
      headers: {
        ...MCP_POST_HEADERS,
        authorization: `Bearer ${token}`,
        'MCP-Protocol-Version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    const { result } = (await response.json()) as { result: { tools: { name: string }[] } };
    expect(result.tools).toHaveLength(TOOL_CATALOGUE.length);

    const bytes = Buffer.byteLength(JSON.stringify(result.tools));
    const average = Math.round(bytes / result.tools.length);
    console.info(`tools/list: ${result.tools.length} tools, ${bytes} bytes (${average} per tool on average)`);
    expect(average, `${average} bytes per tool on average`).toBeLessThanOrEqual(BUDGET_PER_TOOL_BYTES);
    expect(bytes, `${bytes} bytes in all`).toBeLessThanOrEqual(BUDGET_TOTAL_BYTES);
    const families = new Map<string, number>();
    for (const tool of result.tools) {
      const family = TOOL_CATALOGUE.find((entry) => entry.name === tool.name)?.family ?? 'unknown';
      families.set(family, (families.get(family) ?? 0) + Buffer.byteLength(JSON.stringify(tool)));
    }
    console.info(`tools/list by family: ${JSON.stringify(Object.fromEntries(families))}`);
    for (const [family, size] of families) {
      expect(size, `family ${family}: ${size} bytes`).toBeLessThanOrEqual(BUDGET_PER_FAMILY_BYTES);
    }
  });
});
