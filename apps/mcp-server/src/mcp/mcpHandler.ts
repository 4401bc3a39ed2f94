import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from '@nc-mcp/logger';
import type { RequestHandler } from 'express';
import type { NextcloudAccess } from '../nextcloud/nextcloudAccess.js';
import { toolsAllowedFor } from '../tools/catalogue.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { registerTool } from './registerTool.js';

/** Name and version announced to MCP clients. */
export const SERVER_INFO = { name: 'nc-mcp', version: '0.1.0' } as const;

/**
 * Stateless Streamable HTTP: a new McpServer and a new transport for every request, so nothing of
 * one caller's session can leak into another's (GHSA-345p-7cg4-v4c7). Only the tools the token's
 * scopes allow are registered, which is also what `tools/list` shows.
 */
export function mcpHandler(options: {
  access: NextcloudAccess;
  logger: Logger;
  catalogue?: readonly AnyToolDefinition[];
}): RequestHandler {
  return async (req, res) => {
    const auth = req.auth;
    if (!auth) throw new Error('mcpHandler mounted without bearerAuth');
    const requestId = requestIdOf(req.get('x-request-id'));
    res.setHeader('X-Request-Id', requestId);
    const logger = options.logger.child({ client: auth.clientId, requestId });
    const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
    for (const tool of toolsAllowedFor(auth.scopes, options.catalogue)) {
      registerTool(server, tool, { access: options.access, logger, requestId });
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      logger.error({ err: error }, 'MCP request failed');
      if (!res.headersSent) {
        res
          .status(500)
          .json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
      }
    }
  };
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
