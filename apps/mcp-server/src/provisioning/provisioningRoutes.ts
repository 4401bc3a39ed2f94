import { randomUUID } from 'node:crypto';
import { BrokerCallError } from '@nc-mcp/broker-client';
import type { ProvisioningClient } from '@nc-mcp/broker-client/session';
import type { Logger } from '@nc-mcp/logger';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { BackgroundSync } from '../background/backgroundSync.js';
import { clearProvisionCookie, provisionCookieOf, setProvisionCookie } from './provisionCookie.js';
import { type ResultPage, sendResultPage } from './resultPage.js';

/** Where the IdP returns the browser after Flow 2 consent (registered for the broker's client). */
export const PROVISION_CALLBACK_PATH = '/oauth/provision/callback';
/** The browser page that starts Flow 2 without an MCP client (the way to grant it in exchange mode). */
export const PROVISION_PAGE_PATH = '/provision';

/** Options of {@link provisioningRoutes}. */
export interface ProvisioningRoutesOptions {
  client: ProvisioningClient;
  /** The server's public URL: decides whether the cookie is `Secure`. */
  publicUrl: string;
  /** Told when a user granted background access, so the worker schedules them at once. */
  background?: BackgroundSync | undefined;
  logger: Logger;
}

/**
 * `GET /provision` (starts a consent bound to this browser by an HttpOnly cookie, then redirects to the
 * IdP) and `GET /oauth/provision/callback` (hands state and code to the broker, shows the outcome).
 * Neither page ever shows a token or the code, and neither redirects anywhere but to the IdP URL the
 * broker built.
 */
export function provisioningRoutes(options: ProvisioningRoutesOptions): Router {
  const router = Router();
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const logger = options.logger.child({ component: 'provisioning-pages' });

  router.get(
    PROVISION_PAGE_PATH,
    guarded(logger, async (_req, res, requestId) => {
      const binding = setProvisionCookie(res, secure);
      const started = await options.client.start({ browserBinding: binding, requestId });
      res
        .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
        .redirect(303, started.authorizationUrl);
    }),
  );

  router.get(
    PROVISION_CALLBACK_PATH,
    guarded(logger, async (req, res, requestId) => {
      const state = single(req.query.state);
      const code = single(req.query.code);
      const idpError = single(req.query.error);
      const binding = provisionCookieOf(req);
      clearProvisionCookie(res, secure);
      if (state === undefined || (code === undefined && idpError === undefined)) {
        sendResultPage(res, {
          status: 400,
          title: 'Background access was not granted',
          lines: ['This page only works as the end of a consent started by nc-mcp.'],
        });
        return;
      }
      const completed = await options.client.complete({
        state,
        code: code ?? '',
        ...(binding ? { browserBinding: binding } : {}),
        // Only a safe OAuth error code goes on; the broker refuses anything else as invalid.
        ...(idpError === undefined
          ? {}
          : { idpError: /^[a-z_]{1,64}$/.test(idpError) ? idpError : 'invalid_request' }),
        requestId,
      });
      // Best effort: the worker's reconcile job picks the user up anyway.
      await options.background
        ?.producer()
        .userProvisioned(completed.userId)
        .catch((error: unknown) =>
          logger.warn(
            { requestId, errorCode: (error as { code?: unknown }).code },
            'could not tell the worker about a new grant',
          ),
        );
      sendResultPage(res, {
        status: 200,
        title: 'Background access granted',
        lines: [
          `nc-mcp may now work with your Nextcloud while you are away (${completed.scopes.join(', ') || 'no scopes'}).`,
          'You can close this page. To withdraw it, ask your assistant to revoke background access, or revoke it at your identity provider.',
        ],
      });
    }),
  );
  return router;
}

// One outcome page per failure; the broker's reason decides the wording, never its message.
function guarded(
  logger: Logger,
  handle: (req: Request, res: Response, requestId: string) => Promise<void>,
): RequestHandler {
  return (req, res) => {
    const requestId = randomUUID();
    handle(req, res, requestId).catch((error: unknown) => {
      const reason = error instanceof BrokerCallError ? (error.reason ?? error.code) : 'internal';
      logger.warn({ requestId, path: req.path, reason }, 'provisioning page failed');
      sendResultPage(res, failurePage(reason));
    });
  };
}

function failurePage(reason: string): ResultPage {
  const title = 'Background access was not granted';
  switch (reason) {
    case 'provisioning_unknown':
    case 'provisioning_expired':
    case 'provisioning_code_rejected':
      return {
        status: 400,
        title,
        lines: ['This consent link has expired or was already used. Start again.'],
      };
    case 'provisioning_mismatch':
      return {
        status: 403,
        title,
        lines: [
          'The consent was finished by another account or in another browser than the one that started it. Start again, signed in as yourself.',
        ],
      };
    case 'consent_denied':
      return { status: 200, title, lines: ['You declined; nothing was stored.'] };
    case 'provisioning_disabled':
      return { status: 404, title, lines: ['Background access is switched off on this server.'] };
    case 'unavailable':
    case 'idp_unavailable':
    case 'vault_unavailable':
      return {
        status: 503,
        title,
        lines: ['A service needed for this is unavailable right now. Try again later.'],
      };
    default:
      return {
        status: 500,
        title,
        lines: ['Something went wrong on the server; nothing was stored. Try again later.'],
      };
  }
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 4096 ? value : undefined;
}
