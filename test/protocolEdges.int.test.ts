import { request } from 'node:http';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/client';
import { obtainTokens } from '@nc-mcp/dev-idp';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.js';

// Protocol edges of the dual-era `/mcp` endpoint over raw HTTP, one row per case. node:http rather than
// fetch, because fetch cannot set a Host header (the loopback-alias rows need one).

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const LOOPBACK_HOSTS = ['localhost', '[::1]', '127.0.0.1'];
const CLIENT_INFO = { name: 'protocol-edges', version: '1.0.0' };
const PRM_PATH = '/.well-known/oauth-protected-resource/mcp';

type Id = string | number | null;
type Obj = Record<string, unknown>;
type TokenKind = 'full' | 'reader' | 'localhost' | 'none';

/** A parsed answer, loosely typed for assertions. */
interface Body extends Obj {
  result?: Obj;
  error?: { code?: unknown; message?: unknown; data?: Obj };
}

/** One raw HTTP request: headers on top of the defaults (`undefined` removes a default). */
interface Req {
  path?: string;
  method?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  /** A loopback alias sent as the Host header (the socket still goes to 127.0.0.1). */
  host?: string;
  token?: TokenKind;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Body;
}

let stack: Stack;
let port: string;
const tokens: Record<Exclude<TokenKind, 'none'>, string> = { full: '', reader: '', localhost: '' };

function send(req: Req): Promise<Reply> {
  const merged: Record<string, string | undefined> = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    ...(req.token === 'none' ? {} : { Authorization: `Bearer ${tokens[req.token ?? 'full']}` }),
    ...(req.host ? { Host: `${req.host}:${port}` } : {}),
    ...req.headers,
  };
  const headers = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const url = `http://127.0.0.1:${port}${req.path ?? '/mcp'}`;
  return new Promise<Reply>((resolve, reject) => {
    const outgoing = request(url, { method: req.method ?? 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        let body: Body = {};
        try {
          body = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function rpc(id: Id, method: string, params?: Obj): Obj {
  return { jsonrpc: '2.0', id, method, ...(params ? { params } : {}) };
}

function meta(version = MODERN): Obj {
  return {
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
}

/** A 2026-07-28 request: the `_meta` envelope and the `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` headers. */
function modern(id: Id, method: string, params: Obj = {}, extra: Req = {}): Req {
  const name = typeof params.name === 'string' ? { 'Mcp-Name': params.name } : {};
  return {
    ...extra,
    headers: { 'MCP-Protocol-Version': MODERN, 'Mcp-Method': method, ...name, ...extra.headers },
    body: JSON.stringify(rpc(id, method, { ...params, _meta: meta() })),
  };
}

/** A 2025-era request after `initialize`: the negotiated version in the `MCP-Protocol-Version` header. */
function legacy(id: Id, method: string, params?: Obj, extra: Req = {}): Req {
  return {
    ...extra,
    headers: { 'MCP-Protocol-Version': LEGACY, ...extra.headers },
    body: JSON.stringify(rpc(id, method, params)),
  };
}

/** A 2025-era `initialize` (no version header yet). */
const initialize = (id: Id, protocolVersion: string): Req => ({
  body: JSON.stringify(rpc(id, 'initialize', { protocolVersion, capabilities: {}, clientInfo: CLIENT_INFO })),
});

const ERAS = [
  { era: '2026-07-28', build: modern, headers: { 'MCP-Protocol-Version': MODERN } },
  { era: '2025-era', build: legacy, headers: { 'MCP-Protocol-Version': LEGACY } },
] as const;

/** What a row expects: HTTP status, response `id`, and the JSON-RPC error code (none: a result). */
type Expected = [status: number, id: Id, code?: number];

interface RpcRow {
  name: string;
  req: () => Req;
  expected: Expected;
  check?: (body: Body) => void;
}

function row(name: string, req: () => Req, expected: Expected, check?: RpcRow['check']): RpcRow {
  return { name, req, expected, check };
}

const shortMessage = (body: Body) => {
  const message = String(body.error?.message);
  expect(message).toMatch(/name/);
  expect(message).not.toContain('\n');
  expect(message).not.toContain('invalid_type');
};

const toolsWith2020_12Schemas = (body: Body) => {
  const tools = (body.result?.tools ?? []) as { name: string; inputSchema: Obj }[];
  expect(tools.map((tool) => tool.name)).toContain('nc_notes_list');
  for (const tool of tools) expect(tool.inputSchema.$schema, tool.name).toBe(JSON_SCHEMA_2020_12);
};

const noListChanged = (body: Body) => {
  expect(body.result).toMatchObject({ capabilities: { tools: expect.any(Object) } });
  expect(body.result).not.toMatchObject({ capabilities: { tools: { listChanged: true } } });
};

const privateCacheHints = (body: Body) =>
  expect(body.result).toMatchObject({ cacheScope: 'private', ttlMs: expect.any(Number) });

const WRITE = { name: 'nc_notes_create', arguments: { title: 'x' } };
const writeCall = (id: Id, build: typeof modern | typeof legacy, extra: Req = {}) =>
  build(id, 'tools/call', WRITE, { token: 'reader', ...extra });

/** Bodies refused before any method runs: what, body, JSON-RPC code (all HTTP 400, `id` null). */
const BAD_BODIES = [
  ['valid JSON that is not JSON-RPC', '{"hello":"world"}', -32600],
  ['an empty batch', '[]', -32600],
  ['malformed JSON', '{"jsonrpc": "2.0", "method": ', -32700],
] as const;

/** 2026-07-28 standard-header disagreements the SDK answers with -32020: what, method, params, headers. */
const HEADER_MISMATCHES: [string, string, Obj, Req['headers']][] = [
  ['a wrong Mcp-Method', 'tools/list', {}, { 'Mcp-Method': 'tools/call' }],
  ['a missing Mcp-Method', 'tools/list', {}, { 'Mcp-Method': undefined }],
  ['a wrong Mcp-Name', 'tools/call', { name: 'nc_notes_list' }, { 'Mcp-Name': 'nc_notes_get' }],
  ['a missing Mcp-Name', 'tools/call', { name: 'nc_notes_list' }, { 'Mcp-Name': undefined }],
];

const RPC_ROWS: RpcRow[] = [
  ...ERAS.flatMap(({ era, build, headers }) => [
    row(
      `${era}: an unknown tool is a protocol error -32602, not an isError result`,
      () => build(`${era}-unknown`, 'tools/call', { name: 'nc_notes_nope', arguments: {} }),
      [200, `${era}-unknown`, -32602],
    ),
    row(
      `${era}: tools/call without a name is -32602 with a short message`,
      () => build(41, 'tools/call', { arguments: {} }),
      [200, 41, -32602],
      shortMessage,
    ),
    row(
      `${era}: tools/call without params is -32602 with a short message`,
      () => ({
        headers: { ...headers, ...(build === modern ? { 'Mcp-Method': 'tools/call' } : {}) },
        body: JSON.stringify(rpc(`${era}-no-params`, 'tools/call')),
      }),
      [200, `${era}-no-params`, -32602],
      shortMessage,
    ),
    ...BAD_BODIES.map(([what, body, code]) =>
      row(`${era}: ${what} is 400 ${code}`, () => ({ headers, body }), [400, null, code]),
    ),
    row(
      `${era}: Accept: text/plain is 406 with the request id`,
      () => build(`${era}-accept`, 'tools/list', {}, { headers: { Accept: 'text/plain' } }),
      [406, `${era}-accept`, -32000],
    ),
    row(
      `${era}: tools/list declares JSON Schema 2020-12 on every inputSchema`,
      () => build(`${era}-list`, 'tools/list', {}),
      [200, `${era}-list`],
      toolsWith2020_12Schemas,
    ),
    row(
      `${era}: a token for the localhost resource works for tools/list under Host localhost`,
      () => build(`${era}-lh`, 'tools/list', {}, { host: 'localhost', token: 'localhost' }),
      [200, `${era}-lh`],
      toolsWith2020_12Schemas,
    ),
  ]),
  ...['2025-06-18', LEGACY, MODERN].map((version) =>
    row(
      `a non-empty batch under MCP-Protocol-Version ${version} is -32600 (no batches since 2025-06-18)`,
      () => ({
        headers: { 'MCP-Protocol-Version': version },
        body: JSON.stringify([rpc(1, 'tools/list'), rpc(2, 'tools/list')]),
      }),
      [400, null, -32600],
    ),
  ),
  ...[{ 'MCP-Protocol-Version': MODERN, 'Mcp-Method': 'tools/list' }, {} as Record<string, string>].map(
    (headers) =>
      row(
        `2026-07-28: a batch of an enveloped request ${'Mcp-Method' in headers ? 'with' : 'without'} headers is -32600`,
        () => ({ headers, body: JSON.stringify([rpc(1, 'tools/list', { _meta: meta() })]) }),
        [400, null, -32600],
      ),
  ),
  ...HEADER_MISMATCHES.map(([what, method, params, headers], index) =>
    row(
      `2026-07-28: ${what} header is -32020 with the request id`,
      () => modern(50 + index, method, params, { headers }),
      [400, 50 + index, -32020],
    ),
  ),
  row(
    '2026-07-28: an unsupported protocol version is -32022 listing the supported versions',
    () => ({
      headers: { 'MCP-Protocol-Version': '2099-01-01', 'Mcp-Method': 'tools/list' },
      body: JSON.stringify(rpc('unsupported', 'tools/list', { _meta: meta('2099-01-01') })),
    }),
    [400, 'unsupported', -32022],
    (body) => expect(body.error?.data?.supported).toContain(MODERN),
  ),
  row(
    '2026-07-28: server/discover names versions, capabilities, serverInfo and private cache hints',
    () => modern('discover', 'server/discover'),
    [200, 'discover'],
    (body) => {
      expect(body.result).toMatchObject({
        supportedVersions: expect.arrayContaining([MODERN]),
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'nc-mcp', version: expect.any(String) } },
      });
      noListChanged(body);
      privateCacheHints(body);
    },
  ),
  row(
    '2026-07-28: tools/list carries cacheScope private and a ttlMs',
    () => modern(54, 'tools/list'),
    [200, 54],
    privateCacheHints,
  ),
  row(
    '2025-era: initialize with 2025-11-25 answers 2025-11-25 without listChanged',
    () => initialize(61, LEGACY),
    [200, 61],
    (body) => {
      expect(body.result?.protocolVersion).toBe(LEGACY);
      noListChanged(body);
    },
  ),
  row(
    '2025-era: initialize with 2025-03-26 negotiates a supported 2025-era version',
    () => initialize('old-init', '2025-03-26'),
    [200, 'old-init'],
    (body) => {
      const version = String(body.result?.protocolVersion);
      expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(version);
      expect(version < MODERN).toBe(true);
    },
  ),
  ...LOOPBACK_HOSTS.flatMap((host) => [
    row(
      `Host ${host}:<port> is accepted on /mcp`,
      () => modern(`host-${host}`, 'tools/list', {}, { host }),
      [200, `host-${host}`],
      toolsWith2020_12Schemas,
    ),
    row(
      `Origin http://${host}:<port> is accepted on /mcp`,
      () => modern(`origin-${host}`, 'tools/list', {}, { headers: { Origin: `http://${host}:${port}` } }),
      [200, `origin-${host}`],
      toolsWith2020_12Schemas,
    ),
  ]),
  // Refused before the body is read, so no id is known.
  row(
    'Origin http://evil.example is refused with 403',
    () => modern('evil', 'tools/list', {}, { headers: { Origin: 'http://evil.example' } }),
    [403, null, -32000],
  ),
];

/** The `insufficient_scope` challenge: every scope the write needs plus the held ones, never offline_access. */
function insufficientScope(reply: Reply, prmHost: string) {
  const challenge = String(reply.headers['www-authenticate'] ?? '');
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="insufficient_scope"');
  const scope = /scope="([^"]*)"/.exec(challenge)?.[1] ?? '';
  expect(scope.split(' ').sort()).toEqual(['notes.read', 'notes.write']);
  expect(challenge).not.toContain('offline_access');
  expect(challenge).toContain(`resource_metadata="http://${prmHost}:${port}${PRM_PATH}"`);
}

const HTTP_ROWS = [
  ...LOOPBACK_HOSTS.map((host) => ({
    name: `the PRM under Host ${host}:<port> names that host's resource URL and no offline_access`,
    req: (): Req => ({ method: 'GET', path: PRM_PATH, host, token: 'none' }),
    status: 200,
    check: ({ body }: Reply) => {
      expect(body.resource).toBe(`http://${host}:${port}/mcp`);
      expect(body.scopes_supported).toEqual(expect.arrayContaining(['notes.read', 'notes.write']));
      expect(body.scopes_supported).not.toContain('offline_access');
    },
  })),
  ...ERAS.map(({ era, build }) => ({
    name: `${era}: a write tool with a read-only token is 403 naming needed + held scopes, never offline_access`,
    req: () => writeCall(`${era}-write`, build),
    status: 403,
    check: (reply: Reply) => insufficientScope(reply, '127.0.0.1'),
  })),
  {
    name: 'the 403 challenge under Host localhost points at the localhost PRM',
    req: () => writeCall('lh-write', modern, { host: 'localhost' }),
    status: 403,
    check: (reply: Reply) => insufficientScope(reply, 'localhost'),
  },
];

describe('protocol edges of the dual-era MCP endpoint over raw HTTP', () => {
  beforeAll(async () => {
    stack = await startStack();
    port = new URL(stack.mcpUrl).port;
    const login = (scopes: string[], resource: string) =>
      obtainTokens(stack.idp, { username: 'alice', password: 'alice', scopes, resource });
    const [full, reader, localhost] = await Promise.all([
      login(['notes.read', 'notes.write'], stack.mcpUrl),
      login(['notes.read'], stack.mcpUrl),
      login(['notes.read'], `http://localhost:${port}/mcp`),
    ]);
    tokens.full = full.access_token;
    tokens.localhost = localhost.access_token;
    // The IdP leaves offline_access out of resource-bound access tokens; re-sign the reader's claims with
    // it, so the challenge rows show that a held offline_access is still never echoed back.
    const { jti: _jti, iat: _iat, exp: _exp, ...claims } = decodeJwt(reader.access_token);
    tokens.reader = await stack.idp.signAccessToken({ ...claims, scope: 'notes.read offline_access' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('runs against a loopback public URL (the alias rows depend on it)', () => {
    expect(new URL(stack.mcpUrl).hostname).toBe('127.0.0.1');
  });

  it.each(RPC_ROWS)('$name', async ({ req, expected: [status, id, code], check }) => {
    const reply = await send(req());
    expect(reply.status, reply.text.slice(0, 500)).toBe(status);
    expect(reply.body.jsonrpc, reply.text.slice(0, 500)).toBe('2.0');
    expect(reply.body.id).toBe(id);
    if (code === undefined) {
      expect(reply.body.error).toBeUndefined();
      expect(reply.body.result).toBeDefined();
    } else {
      expect(reply.body.result).toBeUndefined();
      expect(reply.body.error?.code).toBe(code);
    }
    check?.(reply.body);
  });

  it.each(HTTP_ROWS)('$name', async ({ req, status, check }) => {
    const reply = await send(req());
    expect(reply.status, reply.text.slice(0, 500)).toBe(status);
    check(reply);
  });
});
