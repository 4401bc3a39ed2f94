import type * as V2 from '@modelcontextprotocol/client';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type * as V1 from '@modelcontextprotocol/sdk/types.js';
import type { ClientKind, ProtocolEra } from './clientKind.js';

/** A tool result as either SDK returns it. */
export type CallToolResult = V1.CallToolResult | V2.CallToolResult;
/** A tool listing as either SDK returns it. */
export type ListToolsResult = V1.ListToolsResult | V2.ListToolsResult;
/** A resource listing as either SDK returns it. */
export type ListResourcesResult = V1.ListResourcesResult | V2.ListResourcesResult;
/** A resource template listing as either SDK returns it. */
export type ListResourceTemplatesResult = V1.ListResourceTemplatesResult | V2.ListResourceTemplatesResult;
/** A resource read as either SDK returns it. */
export type ReadResourceResult = V1.ReadResourceResult | V2.ReadResourceResult;
/** A completion as either SDK returns it. */
export type CompleteResult = V1.CompleteResult | V2.CompleteResult;

/** The arguments of a `completion/complete` request, in the shape both SDKs accept. */
export interface CompleteParams {
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
  argument: { name: string; value: string };
  context?: { arguments?: Record<string, string> };
}

/** What the protocol handshake settled on; `undefined` where the SDK does not say. */
export interface Negotiated {
  era: ProtocolEra | undefined;
  protocolVersion: string | undefined;
}

/**
 * The one client shape the suites use, whichever SDK is underneath. Thin on purpose: every method is
 * the SDK's own call, and results are the SDK's own objects — so their differences show. Notably, a
 * v2 list call without a `cursor` walks and aggregates every page (no `nextCursor`), where v1 returns
 * the first page; pass `{ cursor }` to see single pages on v2.
 */
export interface McpTestClient {
  readonly kind: ClientKind;
  negotiated(): Negotiated;
  listTools(): Promise<ListToolsResult>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<CallToolResult>;
  listResources(params?: { cursor?: string }): Promise<ListResourcesResult>;
  listResourceTemplates(params?: { cursor?: string }): Promise<ListResourceTemplatesResult>;
  readResource(params: { uri: string }): Promise<ReadResourceResult>;
  complete(params: CompleteParams): Promise<CompleteResult>;
  close(): Promise<void>;
}

/** Wraps a connected v1.x client; the negotiated version lives on its transport. */
export function wrapV1Client(client: V1Client, transport: V1Transport): McpTestClient {
  return {
    kind: 'v1-legacy',
    negotiated: () => ({
      // v1 only speaks the initialize handshake, so any negotiated version is a legacy one.
      era: transport.protocolVersion ? 'legacy' : undefined,
      protocolVersion: transport.protocolVersion,
    }),
    listTools: () => client.listTools(),
    // v1 types callTool as a union with the pre-2024 `toolResult` shape, which servers no longer send.
    callTool: async (params) => (await client.callTool(params)) as V1.CallToolResult,
    listResources: (params) => client.listResources(params),
    listResourceTemplates: (params) => client.listResourceTemplates(params),
    readResource: (params) => client.readResource(params),
    complete: (params) => client.complete(params),
    close: () => client.close(),
  };
}

/**
 * Wraps a connected v2 client. The cacheable reads always go to the server (`cacheMode: 'refresh'`):
 * the suites observe the server, and a `ttlMs` hint must not let a cached answer stand in for one.
 */
export function wrapV2Client(kind: ClientKind, client: V2.Client): McpTestClient {
  const refresh = { cacheMode: 'refresh' } as const;
  return {
    kind,
    negotiated: () => ({
      era: client.getProtocolEra(),
      protocolVersion: client.getNegotiatedProtocolVersion(),
    }),
    listTools: () => client.listTools(undefined, refresh),
    callTool: (params) => client.callTool(params),
    listResources: (params) => client.listResources(params, refresh),
    listResourceTemplates: (params) => client.listResourceTemplates(params, refresh),
    readResource: (params) => client.readResource(params, refresh),
    complete: (params) => client.complete(params),
    close: () => client.close(),
  };
}
