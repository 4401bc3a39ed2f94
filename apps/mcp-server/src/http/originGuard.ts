import type { RequestHandler } from 'express';

/**
 * Refuses browser requests from other origins (DNS-rebinding and CSRF defence for the MCP endpoint).
 * Requests without an `Origin` header (non-browser clients) pass.
 */
export function originGuard(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || allowed.has(origin)) {
      next();
      return;
    }
    res
      .status(403)
      .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Origin not allowed' }, id: null });
  };
}
