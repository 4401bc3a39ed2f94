import type { RequestHandler } from 'express';
import { FILE_URI_PREFIX } from '../resources/files/fileUri.js';
import { NOTE_URI_PREFIX } from '../resources/notes/noteUri.js';
import { findTool } from '../tools/catalogue.js';
import { hasScopes, KNOWN_SCOPES, SCOPES } from '../tools/scopes.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { type ChallengeContext, sendChallenge } from './challenge.js';

/** Scopes a `resources/read` needs, by URI prefix (the resource families this server serves). */
export const RESOURCE_READ_SCOPES: readonly { prefix: string; scopes: readonly string[] }[] = [
  { prefix: NOTE_URI_PREFIX, scopes: [SCOPES.notesRead] },
  { prefix: FILE_URI_PREFIX, scopes: [SCOPES.filesRead] },
];

/**
 * Answers `403 insufficient_scope` before the MCP transport runs when a `tools/call` or a
 * `resources/read` (alone or in a batch) needs scopes the token lacks — once the transport runs, the
 * status is fixed. The challenge names, in one go, every scope the operation needs plus the server's
 * scopes the token already holds, because clients replace their scope set with it rather than add to
 * it (step-up, 2026-07-28 authorization rules). `offline_access` is never part of it: refresh tokens
 * for background work are the token broker's business, not the MCP client's.
 */
export function scopeGuard(options: {
  challenge: ChallengeContext;
  catalogue?: readonly AnyToolDefinition[];
}): RequestHandler {
  return (req, res, next) => {
    const held = req.auth?.scopes ?? [];
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const needed = new Set<string>();
    const missing = new Set<string>();
    for (const message of messages) {
      const scopes = requiredScopes(message, options.catalogue);
      if (!scopes || hasScopes(held, scopes)) continue;
      for (const scope of scopes) {
        needed.add(scope);
        if (!held.includes(scope)) missing.add(scope);
      }
    }
    if (missing.size === 0) {
      next();
      return;
    }
    const keep = held.filter((scope) => KNOWN_SCOPES.includes(scope));
    sendChallenge(
      res,
      {
        kind: 'insufficient_scope',
        scope: [...new Set([...keep, ...needed])].filter((scope) => scope !== 'offline_access'),
        description: `This operation needs the scope ${[...missing].join(' ')}`,
      },
      options.challenge,
    );
  };
}

function requiredScopes(
  message: unknown,
  catalogue: readonly AnyToolDefinition[] | undefined,
): readonly string[] | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown; uri?: unknown } };
  if (method === 'tools/call' && typeof params?.name === 'string') {
    return findTool(params.name, catalogue)?.scopes;
  }
  if (method === 'resources/read' && typeof params?.uri === 'string') {
    const uri = params.uri;
    return RESOURCE_READ_SCOPES.find((family) => uri.startsWith(family.prefix))?.scopes;
  }
  return undefined;
}
