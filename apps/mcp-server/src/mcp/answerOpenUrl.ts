import { randomUUID } from 'node:crypto';
import {
  type CallToolResult,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  UrlElicitationRequiredError,
} from '@modelcontextprotocol/server';
import type { OpenUrlRequest } from '../tools/openUrl.js';

/** Which protocol era a request came in on, and what the client declared it can do. */
export interface ClientView {
  era: 'modern' | 'legacy';
  capabilities: ClientCapabilities | undefined;
}

/**
 * The one place a tool's "open this URL" becomes what the client understands:
 * - 2026-07-28 with URL elicitation declared: an `input_required` result (the client opens the URL,
 *   then retries the call with the user's answer);
 * - a 2025-era client that declared URL elicitation: the `-32042` error it knows (thrown);
 * - anyone else: a plain text answer with the link (and `actionRequired` as structured content).
 * A stateless 2025-era request carries no capabilities (they were declared in `initialize`, answered by
 * another server instance), so such clients get the plain answer.
 */
export function answerOpenUrl(
  request: OpenUrlRequest,
  client: ClientView,
): CallToolResult | InputRequiredResult {
  const declared = client.capabilities?.elicitation?.url !== undefined;
  if (declared && client.era === 'modern') {
    return inputRequired({
      inputRequests: {
        [request.key]: inputRequired.elicitUrl({ message: request.message, url: request.url }),
      },
    });
  }
  if (declared) {
    throw new UrlElicitationRequiredError(
      [{ mode: 'url', message: request.message, url: request.url, elicitationId: randomUUID() }],
      request.message,
    );
  }
  return {
    content: [{ type: 'text', text: `${request.message}\n\nOpen this link to continue: ${request.url}` }],
    structuredContent: { actionRequired: { url: request.url, message: request.message } },
  };
}
