import { connect } from 'node:net';
import { createTokenVerifier, type TokenVerifierOptions } from '@nc-mcp/auth';
import { createClientRegistry } from '@nc-mcp/client-registry';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';
import { createApp } from '../../app.js';
import type { NextcloudAccess } from '../../nextcloud/nextcloudAccess.js';
import { listen, type RunningServer } from '../../server.js';
import type { AnyToolDefinition } from '../../tools/toolDefinition.js';

/** The canonical resource the edge under test serves; the listening port is not part of it. */
export const EDGE_RESOURCE = 'https://mcp.example.test/mcp';
/** The browser origin the edge under test allows. */
export const EDGE_ORIGIN = 'https://inspector.example.test';

// The edge tests never reach a tool's Nextcloud work: a call that did would fail loudly.
const unusedAccess: NextcloudAccess = {
  mode: 'pass-through',
  sessionFor() {
    // A session is only a handle: using it for a Nextcloud request is what fails loudly.
    return new Proxy({} as ReturnType<NextcloudAccess['sessionFor']>, {
      get() {
        throw new Error('the HTTP edge tests do not call Nextcloud');
      },
    });
  },
};

/** A running MCP server (the real `createApp` and verifier) for `issuer`, with captured logs. */
export interface RunningEdge extends RunningServer {
  url: string;
  logs: CapturedLogs;
}

/** Starts the MCP server's HTTP app on 127.0.0.1:0 against `issuer`; close it when done. */
export async function startEdge(
  issuer: string,
  options: {
    maxBodyBytes?: number;
    verifier?: Partial<TokenVerifierOptions>;
    /** Tools to serve instead of the real catalogue (they must not need Nextcloud). */
    catalogue?: readonly AnyToolDefinition[];
  } = {},
): Promise<RunningEdge> {
  const logs = captureLogs('mcp-edge-test');
  const verifier = createTokenVerifier({
    issuer,
    audiences: ['mcp-server', EDGE_RESOURCE],
    resource: EDGE_RESOURCE,
    clientRegistry: createClientRegistry(),
    timeoutMs: 2000,
    logger: logs.logger,
    ...options.verifier,
  });
  const app = createApp({
    resource: EDGE_RESOURCE,
    issuer,
    allowedHosts: ['127.0.0.1'],
    allowedOrigins: [EDGE_ORIGIN],
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    verifier,
    access: unusedAccess,
    logger: logs.logger,
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
  });
  const running = await listen(app, 0, '127.0.0.1');
  return { ...running, url: `http://127.0.0.1:${running.port}/mcp`, logs };
}

/** A JSON-RPC `initialize` body, the one request every client era can make first. */
export function initializeBody(id = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'edge-test', version: '1.0.0' },
    },
  });
}

/** The headers a Streamable HTTP client sends with a POST. */
export const MCP_POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
} as const;

/** What a raw request got back. */
export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Map<string, string>;
  body: string;
}

/**
 * An HTTP/1.1 request written byte for byte on a socket, so repeated headers arrive as sent —
 * `fetch` and `http.request` merge or refuse two `Authorization` headers.
 */
export function rawRequest(
  url: string,
  method: string,
  headers: readonly (readonly [string, string])[],
  body = '',
): Promise<RawResponse> {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [
    `${method} ${pathname}${search} HTTP/1.1`,
    ...(headers.some(([name]) => name.toLowerCase() === 'host') ? [] : [`Host: ${hostname}:${port}`]),
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      // write, not end: a half-closed socket reads as a client that went away. `Connection: close` ends it.
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('incomplete HTTP response');
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = text.slice(end + 4);
  if (headers.get('transfer-encoding') === 'chunked') body = unchunk(body);
  return { status, headers, body };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
