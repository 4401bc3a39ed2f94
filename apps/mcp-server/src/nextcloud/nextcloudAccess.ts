import type { AuthInfo } from '@modelcontextprotocol/server';
import { subjectOf } from '@nc-mcp/auth';
import type { NextcloudClient, NextcloudSession } from '@nc-mcp/nextcloud';

/**
 * How a tool call gets its Nextcloud session. Tools never see which token mode is in force: they ask
 * for a session for the verified caller and their own scopes.
 */
export interface NextcloudAccess {
  readonly mode: 'pass-through' | 'exchange';
  sessionFor(auth: AuthInfo, scopes: readonly string[], call?: ToolCallContext): NextcloudSession;
  /**
   * The Nextcloud apps present (see `withAppPresence`), read with the caller's access limited to `scopes`;
   * `undefined` when unknown. Without this method, tools are not gated by app presence.
   */
  presentApps?(
    auth: AuthInfo,
    scopes: readonly string[],
    call?: ToolCallContext,
  ): Promise<ReadonlySet<string> | undefined>;
}

/** What identifies one tool call across services. */
export interface ToolCallContext {
  /** The MCP request's id (safe alphabet, ≤ 128 characters); the broker logs it with the exchange. */
  requestId?: string;
}

/**
 * Pass-through mode: the verified Flow 1 token itself is the Nextcloud bearer token (the MCP
 * specification's discouraged "token passthrough"; its audience must also name Nextcloud).
 */
export function passThroughAccess(nextcloud: NextcloudClient): NextcloudAccess {
  return {
    mode: 'pass-through',
    sessionFor(auth) {
      const { subject } = subjectOf(auth);
      return nextcloud.session({ subject, getToken: async () => auth.token });
    },
  };
}
