import {
  type CallToolResult,
  type ContentBlock,
  type InputRequiredResult,
  inputResponse,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { subjectOf } from '@nc-mcp/auth';
import type { ProvisioningClient } from '@nc-mcp/broker-client/session';
import type { Logger } from '@nc-mcp/logger';
import { z } from 'zod';
import { type BackgroundSync, backgroundCallFor } from '../background/backgroundSync.js';
import type { NextcloudAccess } from '../nextcloud/nextcloudAccess.js';
import { provisioningAccessFor } from '../provisioning/provisioningAccess.js';
import { type OpenUrlOutcome, OpenUrlRequired } from '../tools/openUrl.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { toToolErrorResult } from '../tools/toolErrors.js';
import { answerOpenUrl, type ClientView } from './answerOpenUrl.js';

/**
 * Registers one catalogue tool on a per-request server, wiring its context and its error edge. `logger`
 * already carries the request id; `requestId` also goes to the broker with the token exchange.
 */
export function registerTool(
  server: McpServer,
  tool: AnyToolDefinition,
  deps: {
    access: NextcloudAccess;
    provisioning?: ProvisioningClient;
    background?: BackgroundSync;
    logger: Logger;
    requestId: string;
    era: 'modern' | 'legacy';
  },
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
    async (
      input: Record<string, unknown>,
      ctx: ServerContext,
    ): Promise<CallToolResult | InputRequiredResult> => {
      const logger = deps.logger.child({ tool: tool.name });
      const auth = ctx.http?.authInfo;
      if (!auth) return safeErrorResult(new Error('tool called without verified auth'), logger);
      const started = performance.now();
      try {
        const nextcloud = deps.access.sessionFor(auth, tool.scopes, { requestId: deps.requestId });
        const openedUrl = (key: string) => outcomeOf(ctx, key);
        const attached: ContentBlock[] = [];
        const attachContent = (block: ContentBlock) => {
          attached.push(block);
        };
        const provisioning = deps.provisioning
          ? provisioningAccessFor(deps.provisioning, auth, deps.requestId)
          : undefined;
        const background = deps.background
          ? backgroundCallFor(deps.background, subjectOf(auth).subject)
          : undefined;
        const output = await tool.run(input, {
          nextcloud,
          logger,
          openedUrl,
          attachContent,
          grantedScopes: auth.scopes,
          sessionWith: (scopes) => deps.access.sessionFor(auth, scopes, { requestId: deps.requestId }),
          ...(provisioning ? { provisioning } : {}),
          ...(background ? { background } : {}),
        });
        logger.info({ ms: Math.round(performance.now() - started), outcome: 'ok' }, 'tool call');
        return {
          content: [
            ...(tool.contentOf?.(output) ?? [{ type: 'text', text: JSON.stringify(output) }]),
            ...attached,
          ],
          structuredContent: output,
        };
      } catch (error) {
        if (error instanceof OpenUrlRequired) {
          logger.info({ ms: Math.round(performance.now() - started), outcome: 'open_url' }, 'tool call');
          return answerOpenUrl(error.request, clientView(server, deps.era));
        }
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

// What the client declared: the SDK fills this per request from the 2026-07-28 envelope, and from
// `initialize` on a 2025-era connection (so it is unknown on a stateless 2025 request, whose
// `initialize` another instance answered).
function clientView(server: McpServer, era: 'modern' | 'legacy'): ClientView {
  return { era, capabilities: server.server.getClientCapabilities() };
}

function outcomeOf(ctx: ServerContext, key: string): OpenUrlOutcome {
  const view = inputResponse(ctx.mcpReq.inputResponses, key);
  if (view.kind !== 'elicit') return undefined;
  return view.action === 'accept' ? 'accepted' : view.action === 'decline' ? 'declined' : 'cancelled';
}
