import {
  type McpHandlerRequestOptions,
  type McpServerFactory,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

/**
 * Serves one 2025-era request (`initialize`, then each later request on its own) statelessly, like the
 * SDK's own legacy fallback, but answers with a JSON body instead of an SSE stream: no tool streams
 * progress, and a plain JSON answer is what every client, proxy and `curl` handles best.
 */
export function legacyJsonLeg(factory: McpServerFactory, maxRequestBodySize: number) {
  return async (request: Request, options: McpHandlerRequestOptions = {}): Promise<Response> => {
    if (request.method.toUpperCase() !== 'POST') {
      // No session to resume (GET) or end (DELETE) on a stateless server.
      return Response.json(
        { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null },
        { status: 405, headers: { Allow: 'POST' } },
      );
    }
    const server = await factory({
      era: 'legacy',
      requestInfo: request,
      ...(options.authInfo ? { authInfo: options.authInfo } : {}),
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize,
    });
    try {
      await server.connect(transport);
      return await transport.handleRequest(request, options);
    } finally {
      void transport.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    }
  };
}
