import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

// Hashing first gives equal-length buffers, so the comparison's time says nothing about either length.
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Reads `Authorization: Basic …`; undefined when absent or malformed. */
function credentialsOf(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Express middleware: HTTP Basic auth against one user and password, compared in constant time. */
export function basicAuth(expected: { user: string; password: string }, realm = 'nc-mcp worker') {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = credentialsOf(req.headers.authorization);
    // Both compared every time: which of the two was wrong is not revealed by timing either.
    const userOk = sameSecret(given?.user ?? '', expected.user);
    const passwordOk = sameSecret(given?.password ?? '', expected.password);
    if (given !== undefined && userOk && passwordOk) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).type('text/plain').send('Authentication required');
  };
}
