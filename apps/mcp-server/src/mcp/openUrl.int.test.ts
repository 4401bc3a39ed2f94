import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EDGE_RESOURCE, MCP_POST_HEADERS, type RunningEdge, startEdge } from '../http/testing/startEdge.js';
import { OpenUrlRequired } from '../tools/openUrl.js';
import { defineTool } from '../tools/toolDefinition.js';

const CONSENT_URL = 'https://idp.example.test/consent?request=abc';

// A tool that needs the user to open a URL first, then finishes once the client says they did.
const consentTool = defineTool({
  name: 'test_needs_consent',
  title: 'Needs consent',
  description: 'Asks the user to open a consent page.',
  family: 'notes',
  scopes: ['notes.read'],
  inputSchema: {},
  outputSchema: { granted: z.boolean().optional() },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { openedUrl }) {
    if (openedUrl('consent') === 'accepted') return { granted: true };
    throw new OpenUrlRequired({ key: 'consent', url: CONSENT_URL, message: 'Grant background access' });
  },
});

const MODERN = '2026-07-28';
const meta = (capabilities: Record<string, unknown>) => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'open-url-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': capabilities,
});

let idp: TestIssuer;
let edge: RunningEdge;
let token: string;
beforeAll(async () => {
  idp = await startTestIssuer();
  edge = await startEdge(idp.issuer, { catalogue: [consentTool] });
  token = await idp.sign({ scope: 'notes.read', aud: ['mcp-server', EDGE_RESOURCE] });
}, 30_000);
afterAll(async () => {
  await edge?.close();
  await idp?.close();
});

async function call(body: unknown, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(edge.url, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

function modernCall(params: Record<string, unknown>) {
  return call(
    {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: consentTool.name, arguments: {}, ...params },
    },
    { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': consentTool.name },
  );
}

describe('a tool asks the user to open a URL', () => {
  it('answers a 2026-07-28 client that declared URL elicitation with an input_required URL request', async () => {
    const answer = await modernCall({ _meta: meta({ elicitation: { url: {} } }) });
    const result = answer.result as Record<string, unknown>;
    expect(result.resultType).toBe('input_required');
    expect(result.inputRequests).toEqual({
      consent: {
        method: 'elicitation/create',
        params: { mode: 'url', message: 'Grant background access', url: CONSENT_URL },
      },
    });
  });

  it('lets the tool finish when the client retries with the user having accepted', async () => {
    const answer = await modernCall({
      _meta: meta({ elicitation: { url: {} } }),
      inputResponses: { consent: { action: 'accept' } },
    });
    const result = answer.result as Record<string, unknown>;
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toEqual({ granted: true });
  });

  it('answers a 2026-07-28 client without URL elicitation with the link as plain text', async () => {
    const result = (await modernCall({ _meta: meta({}) })).result as Record<string, unknown>;
    expect(result.resultType).toBe('complete');
    expect(JSON.stringify(result.content)).toContain(CONSENT_URL);
    expect(result.structuredContent).toEqual({
      actionRequired: { url: CONSENT_URL, message: 'Grant background access' },
    });
  });

  it('answers a stateless 2025-era request (capabilities unknown) with the link as plain text', async () => {
    const answer = await call(
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: consentTool.name, arguments: {} } },
      { 'mcp-protocol-version': '2025-11-25' },
    );
    const result = answer.result as Record<string, unknown>;
    expect(result.isError ?? false).toBe(false);
    expect(JSON.stringify(result.content)).toContain(`Open this link to continue: ${CONSENT_URL}`);
  });
});
