import { randomUUID } from 'node:crypto';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  isLegacyRequest,
  type McpHandlerRequestOptions,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import type { ProvisioningClient } from '@nc-mcp/broker-client/session';
import type { Logger } from '@nc-mcp/logger';
import type { RequestHandler } from 'express';
import type { BackgroundSync } from '../background/backgroundSync.js';
import { idOf } from '../http/jsonRpcGuard.js';
import type { NextcloudAccess } from '../nextcloud/nextcloudAccess.js';
import {
  capabilityReadScopes,
  needsNextcloudApp,
  TOOL_CATALOGUE,
  toolsAllowedFor,
} from '../tools/catalogue.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { buildMcpServer } from './buildMcpServer.js';
import { legacyJsonLeg } from './legacyJsonLeg.js';

/** The header that carries a request's id through both services' logs (and back to the client). */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Both protocol eras on one endpoint, statelessly: the v2 SDK's handler classifies each request as
 * 2026-07-28 (per-request `_meta`, `server/discover`) or 2025-era (`initialize`, served by its stateless
 * legacy leg) and asks {@link buildMcpServer} for a fresh server per request — nothing of one caller's
 * session can leak into another's (GHSA-345p-7cg4-v4c7). Authentication ran before this handler
 * (`req.auth`), for both eras alike.
 */
export function mcpHandler(options: {
  access: NextcloudAccess;
  /** The broker's Flow 2 client, when progressive consent is offered through tools. */
  provisioning?: ProvisioningClient | undefined;
  /** Background sync (index and queue), when offered. */
  background?: BackgroundSync | undefined;
  logger: Logger;
  catalogue?: readonly AnyToolDefinition[];
  maxBodyBytes: number;
}): RequestHandler {
  const onerror = (error: Error) => options.logger.warn({ err: error }, 'MCP request refused or failed');
  const catalogue = options.catalogue ?? TOOL_CATALOGUE;
  // What each request needs of the catalogue, from its parsed body (the SDK hands the factory the very
  // Request it was given, since the body comes parsed): nothing, one called tool, or the whole list.
  const needs = new WeakMap<Request, ToolNeed>();
  const factory: McpServerFactory = async (ctx) => {
    const auth = ctx.authInfo;
    if (!auth) throw new Error('mcpHandler mounted without bearerAuth');
    const requestId = ctx.requestInfo?.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
    const logger = options.logger.child({ client: auth.clientId, requestId });
    const need: ToolNeed = (ctx.requestInfo && needs.get(ctx.requestInfo)) ?? { kind: 'all' };
    // A call registers only its tool: building every tool's schema per request is the server's main
    // per-call cost. An unknown name registers nothing and is answered "tool not found", as before.
    const wanted =
      need.kind === 'none'
        ? []
        : need.kind === 'one'
          ? catalogue.filter((t) => t.name === need.name)
          : catalogue;
    const candidates = toolsAllowedFor(auth.scopes, wanted);
    const gate = options.access.presentApps !== undefined && candidates.some(needsNextcloudApp);
    // No request id: the read is shared by concurrent requests and cached for every caller, so it is
    // no one request's (a tool call's broker exchange stays the only one carrying the call's id).
    const presentApps = gate
      ? await options.access.presentApps?.(auth, capabilityReadScopes(candidates))
      : undefined;
    return buildMcpServer({
      auth,
      access: options.access,
      ...(options.provisioning ? { provisioning: options.provisioning } : {}),
      ...(options.background ? { background: options.background } : {}),
      logger,
      requestId,
      era: ctx.era,
      catalogue: wanted,
      ...(presentApps ? { presentApps } : {}),
    });
  };
  const limits = { maxRequestBodySize: options.maxBodyBytes };
  // JSON answers on both legs: the modern leg's `auto` answers JSON unless a handler emits a message
  // before its result (none does), and the legacy leg is JSON by construction.
  const modern = createMcpHandler(factory, { legacy: 'reject', onerror, ...limits });
  const legacy = legacyJsonLeg(factory, options.maxBodyBytes);
  const handler = {
    fetch: async (request: Request, opts: McpHandlerRequestOptions = {}) => {
      needs.set(request, toolNeed(opts.parsedBody));
      return withRequestId(
        (await isLegacyRequest(request, opts.parsedBody, limits))
          ? await legacy(request, opts)
          : await modern.fetch(request, opts),
        opts.parsedBody,
      );
    },
  };
  const serve = toNodeHandler(handler, { onerror, maxRequestBodySize: options.maxBodyBytes });
  return async (req, res) => {
    if (!req.auth) throw new Error('mcpHandler mounted without bearerAuth');
    // Decided once here, so the factory, the tool calls and the broker all log the same id.
    const requestId = requestIdOf(req.get(REQUEST_ID_HEADER));
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader('X-Request-Id', requestId);
    await serve(req, res, req.body);
  };
}

/** Which tools a request needs registered. */
type ToolNeed = { kind: 'none' } | { kind: 'one'; name: string } | { kind: 'all' };

/** From a request body (one message or a batch): a single `tools/call` needs its tool only. */
function toolNeed(body: unknown): ToolNeed {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  const methods = messages.map((message) =>
    typeof message === 'object' && message !== null ? (message as { method?: unknown }).method : undefined,
  );
  if (!methods.some((method) => method === 'tools/list' || method === 'tools/call')) return { kind: 'none' };
  const single = messages.length === 1 ? (messages[0] as { params?: { name?: unknown } }) : undefined;
  if (methods[0] === 'tools/call' && typeof single?.params?.name === 'string') {
    return { kind: 'one', name: single.params.name };
  }
  return { kind: 'all' };
}

/** What an incoming `X-Request-Id` may look like to be reused (the broker enforces the same bounds). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id that follows this request through both services' logs: the caller's `X-Request-Id` when it is
 * short and of a safe alphabet (a proxy's id), otherwise a fresh UUID — never unchecked caller input.
 */
export function requestIdOf(header: string | undefined): string {
  return header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Transport-level refusals (406, 415, header/body mismatches…) are answered by the SDK with `"id": null`
 * even when the request's id is known; put the id back so a client can match the error to its request.
 */
async function withRequestId(response: Response, parsedBody: unknown): Promise<Response> {
  const id = idOf(parsedBody);
  if (response.status < 400 || id === null) return response;
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { id?: unknown } | undefined;
  if (body === undefined || body.id !== null || typeof body !== 'object') return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify({ ...body, id }), { status: response.status, headers });
}
