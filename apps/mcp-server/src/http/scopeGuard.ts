import type { RequestHandler } from 'express';
import { findTool } from '../tools/catalogue.js';
import { hasScopes } from '../tools/scopes.js';
import type { AnyToolDefinition } from '../tools/toolDefinition.js';
import { type ChallengeContext, sendChallenge } from './challenge.js';

/**
 * Answers `403 insufficient_scope` before the MCP transport runs when a `tools/call` (alone or in a
 * batch) names a tool the token's scopes do not allow — once the transport runs, the status is fixed.
 * The challenge's `scope` lists the relevant scopes already held plus the missing ones, because SDK
 * clients replace their scope set with it rather than add to it.
 */
export function scopeGuard(options: {
  challenge: ChallengeContext;
  catalogue?: readonly AnyToolDefinition[];
}): RequestHandler {
  return (req, res, next) => {
    const held = req.auth?.scopes ?? [];
    const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const missing = new Set<string>();
    for (const message of messages) {
      const tool = calledTool(message, options.catalogue);
      if (tool && !hasScopes(held, tool.scopes)) {
        for (const scope of tool.scopes) if (!held.includes(scope)) missing.add(scope);
      }
    }
    if (missing.size === 0) {
      next();
      return;
    }
    const relevantHeld = held.filter((scope) => options.challenge.defaultScopes.includes(scope));
    sendChallenge(
      res,
      {
        kind: 'insufficient_scope',
        scope: [...new Set([...relevantHeld, ...missing])],
        description: `This tool needs the scope ${[...missing].join(' ')}`,
      },
      options.challenge,
    );
  };
}

function calledTool(
  message: unknown,
  catalogue: readonly AnyToolDefinition[] | undefined,
): AnyToolDefinition | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (method !== 'tools/call' || typeof params?.name !== 'string') return undefined;
  return findTool(params.name, catalogue);
}
