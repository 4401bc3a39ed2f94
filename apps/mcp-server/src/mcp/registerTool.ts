import type { CallToolResult, McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { Logger } from '@nc-mcp/logger';
import { z } from 'zod';
import type { NextcloudAccess } from '../nextcloud/nextcloudAccess.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { toToolErrorResult } from '../tools/toolErrors.js';

/**
 * Registers one catalogue tool on a per-request server, wiring its context and its error edge. `logger`
 * already carries the request id; `requestId` also goes to the broker with the token exchange.
 */
export function registerTool(
  server: McpServer,
  tool: AnyToolDefinition,
  deps: { access: NextcloudAccess; logger: Logger; requestId: string },
): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: z.object(tool.inputSchema),
      outputSchema: z.object(tool.outputSchema),
      annotations: tool.annotations,
    },
    async (input: Record<string, unknown>, ctx: ServerContext): Promise<CallToolResult> => {
      const logger = deps.logger.child({ tool: tool.name });
      const auth = ctx.http?.authInfo;
      if (!auth) return safeErrorResult(new Error('tool called without verified auth'), logger);
      const started = performance.now();
      try {
        const nextcloud = deps.access.sessionFor(auth, tool.scopes, { requestId: deps.requestId });
        const output = await tool.run(input, { nextcloud, logger });
        logger.info({ ms: Math.round(performance.now() - started), outcome: 'ok' }, 'tool call');
        return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
      } catch (error) {
        logger.info({ ms: Math.round(performance.now() - started), outcome: 'error' }, 'tool call');
        return safeErrorResult(error, logger);
      }
    },
  );
}

// The SDK turns anything a handler throws into a result quoting `error.message`; make sure even a
// bug in the error mapping cannot do that.
function safeErrorResult(error: unknown, logger: Logger): CallToolResult {
  try {
    return toToolErrorResult(error, logger);
  } catch (mappingError) {
    logger.error({ err: mappingError }, 'tool error mapping failed');
    return {
      isError: true,
      content: [{ type: 'text', text: 'Internal error: the tool failed. Try again later.' }],
    };
  }
}
