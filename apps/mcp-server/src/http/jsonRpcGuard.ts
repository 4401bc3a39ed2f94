import type { RequestHandler, Response } from 'express';

// JSON-RPC batching was removed from MCP in 2025-06-18; 2026-07-28 requests are never batched either.
const FIRST_VERSION_WITHOUT_BATCHES = '2025-06-18';

/**
 * Protocol refusals the SDK would give less clearly, decided on the parsed body before anything runs:
 * an `Accept` that does not take both JSON and SSE (`406`, both eras), a batch for a protocol version
 * that has no batches (`-32600`), and a `tools/call` without a tool name (`-32602` with a short
 * message instead of a raw schema-validation dump).
 */
export function jsonRpcGuard(): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    // Streamable HTTP: a client must accept both answer forms. The SDK checks this for 2025-era
    // requests only; checking it here holds both eras to the same rule, with the request's id.
    if (!acceptsBoth(req.get('accept'))) {
      rpcError(
        res,
        406,
        Array.isArray(body) ? null : idOf(body),
        -32000,
        'Not Acceptable: the client must accept both application/json and text/event-stream',
      );
      return;
    }
    if (Array.isArray(body)) {
      const version = req.get('mcp-protocol-version');
      if (body.length > 0 && version !== undefined && version >= FIRST_VERSION_WITHOUT_BATCHES) {
        rpcError(res, 400, null, -32600, `JSON-RPC batches are not part of MCP protocol version ${version}`);
        return;
      }
      next();
      return;
    }
    if (isObject(body) && body.method === 'tools/call') {
      const params = body.params;
      if (!isObject(params) || typeof params.name !== 'string' || params.name === '') {
        rpcError(res, 200, idOf(body), -32602, 'Invalid params: tools/call needs "name", the tool to call');
        return;
      }
    }
    next();
  };
}

function acceptsBoth(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  const any = types.includes('*/*');
  return (any || types.includes('application/json')) && (any || types.includes('text/event-stream'));
}

function rpcError(res: Response, status: number, id: unknown, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', id, error: { code, message } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's id when it is a valid JSON-RPC id, else `null`. */
export function idOf(message: unknown): string | number | null {
  if (!isObject(message)) return null;
  const id = message.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}
