import type { RequestHandler } from 'express';

/**
 * CORS for browser-based MCP clients (e.g. the MCP Inspector in direct mode) whose origin is in the
 * allow-list: answers preflights and exposes `WWW-Authenticate`, which a browser client needs to
 * discover the authorization server. Other origins get no CORS headers (and originGuard refuses them).
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      res.vary('Origin');
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': 'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version',
      });
      if (req.method === 'OPTIONS') {
        res
          .set({
            'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
            'Access-Control-Allow-Headers':
              'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID',
            'Access-Control-Max-Age': '600',
          })
          .status(204)
          .end();
        return;
      }
    }
    next();
  };
}
