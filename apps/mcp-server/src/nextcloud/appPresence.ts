import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Logger } from '@nc-mcp/logger';
import type { Capabilities } from '@nc-mcp/nextcloud';
import type { NextcloudAccess } from './nextcloudAccess.js';

/** How long one read of Nextcloud's capabilities is reused: an app enabled or disabled shows within a minute. */
export const CAPABILITIES_TTL_MS = 60_000;

/** Which Nextcloud apps are present, per Nextcloud base URL, read from `cloud/capabilities` and cached. */
export interface AppPresence {
  /**
   * The apps present at `baseUrl` (the keys of its capabilities), read with `read` when the cached answer
   * is missing or older than the TTL; `undefined` when they could not be read. Concurrent callers share
   * one read; a failed read is logged and not cached.
   */
  presentApps(baseUrl: string, read: () => Promise<Capabilities>): Promise<ReadonlySet<string> | undefined>;
}

/** Options of {@link createAppPresence}. */
export interface AppPresenceOptions {
  logger: Logger;
  /** Default {@link CAPABILITIES_TTL_MS}. */
  ttlMs?: number;
  /** Milliseconds, for tests; default `Date.now`. */
  now?: () => number;
}

/** Creates the per-base-URL cache of present apps. */
export function createAppPresence(options: AppPresenceOptions): AppPresence {
  const ttlMs = options.ttlMs ?? CAPABILITIES_TTL_MS;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { apps: ReadonlySet<string>; expiresAt: number }>();
  const reading = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  async function read(baseUrl: string, fetchCapabilities: () => Promise<Capabilities>) {
    try {
      const apps: ReadonlySet<string> = new Set(Object.keys((await fetchCapabilities()).capabilities));
      cached.set(baseUrl, { apps, expiresAt: now() + ttlMs });
      return apps;
    } catch (error) {
      // Only the code: the caller's token must not reach the logs, whatever the error carries.
      options.logger.warn(
        { errorCode: (error as { code?: unknown } | null)?.code ?? 'unknown' },
        'Nextcloud capabilities could not be read: offering every enabled tool the token allows',
      );
      return undefined;
    } finally {
      reading.delete(baseUrl);
    }
  }

  return {
    presentApps(baseUrl, fetchCapabilities) {
      const hit = cached.get(baseUrl);
      if (hit && hit.expiresAt > now()) return Promise.resolve(hit.apps);
      let pending = reading.get(baseUrl);
      if (!pending) {
        pending = read(baseUrl, fetchCapabilities);
        reading.set(baseUrl, pending);
      }
      return pending;
    },
  };
}

/**
 * `access` that also tells which Nextcloud apps are present at `baseUrl`, reading the capabilities with
 * the caller's own access: anonymously Nextcloud only shows a public subset without any app's key
 * (fixture ocs/004), so an anonymous read would hide every family.
 */
export function withAppPresence(
  access: NextcloudAccess,
  options: { baseUrl: string; presence: AppPresence },
): NextcloudAccess {
  return {
    mode: access.mode,
    sessionFor: (auth, scopes, call) => access.sessionFor(auth, scopes, call),
    presentApps: (auth: AuthInfo, scopes, call) =>
      options.presence.presentApps(options.baseUrl, () =>
        access.sessionFor(auth, scopes, call).ocs.capabilities(),
      ),
  };
}
