import type { RequestHandler } from 'express';

/**
 * Marks every response of the MCP endpoint — results and refusals alike — as not to be cached or
 * content-sniffed: they are per user and per token. Mounted first so no early answer escapes it.
 */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    next();
  };
}
