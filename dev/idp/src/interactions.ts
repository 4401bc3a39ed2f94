import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@nc-mcp/logger';
import type Provider from 'oidc-provider';
import { errors, type Interaction } from 'oidc-provider';
import { consentPage, interactionErrorPage, loginPage } from './interactionPages.js';
import { NEXTCLOUD_RESOURCE } from './resourceServers.js';
import { DEV_SCOPES, OIDC_SCOPES } from './scopes.js';
import { authenticateUser, findUserBySub } from './users.js';

const MAX_FORM_BYTES = 16 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm))?$/;

type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Whether a request path belongs to the interaction handler rather than to oidc-provider. */
export function isInteractionPath(pathname: string): boolean {
  return pathname === '/interaction' || pathname.startsWith('/interaction/');
}

/**
 * Serves the login and consent forms at `/interaction/:uid` (GET) and takes their submissions at
 * `/interaction/:uid/login` and `/interaction/:uid/confirm` (POST). Plain HTML, no JavaScript.
 */
export function createInteractionHandler(provider: Provider, logger: Logger): HttpHandler {
  return async (req, res) => {
    const match = ROUTE.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const uid = match?.[1];
    const action = match?.[2];
    const method = req.method ?? 'GET';
    if (!uid || (action === undefined ? method !== 'GET' : method !== 'POST')) {
      send(res, 404, interactionErrorPage('Not found.'));
      return;
    }
    try {
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid) {
        send(res, 400, interactionErrorPage('This sign-in page belongs to another sign-in attempt.'));
        return;
      }
      const clientId = String(interaction.params.client_id ?? '');
      if (action === undefined) {
        send(res, 200, await renderPrompt(provider, interaction, clientId));
      } else if (action === 'login') {
        await submitLogin(provider, req, res, interaction, clientId, logger);
      } else {
        await submitConsent(provider, req, res, interaction, logger);
      }
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        send(res, 400, interactionErrorPage('The sign-in attempt expired or is unknown; start again.'));
        return;
      }
      logger.error({ err: error }, 'dev-idp interaction failed');
      if (!res.headersSent) send(res, 500, interactionErrorPage('Something went wrong.'));
    }
  };
}

async function renderPrompt(provider: Provider, interaction: Interaction, clientId: string): Promise<string> {
  const { uid, prompt } = interaction;
  if (prompt.name === 'login') return loginPage({ uid, clientId });
  const details = prompt.details as { missingResourceScopes?: Record<string, string[]> };
  // What the grant will hold, not only what is new: with prompt=consent nothing may be missing.
  const requested = String(interaction.params.scope ?? '').split(' ');
  const resources = [
    ...new Set([...toList(interaction.params.resource), ...Object.keys(details.missingResourceScopes ?? {})]),
  ];
  const client = await provider.Client.find(clientId);
  const sub = interaction.session?.accountId ?? '';
  return consentPage({
    uid,
    clientId,
    clientName: client?.clientName,
    username: findUserBySub(sub)?.username ?? sub,
    identityScopes: requested.filter((scope) => OIDC_SCOPES.includes(scope) && scope !== 'offline_access'),
    resourceScopes: resources.length > 0 ? requested.filter((scope) => DEV_SCOPES.includes(scope)) : [],
    resources: resources.map(describeResource),
    backgroundAccess: requested.includes('offline_access'),
  });
}

function describeResource(resource: string): string {
  return resource === NEXTCLOUD_RESOURCE ? 'Nextcloud' : resource;
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

async function submitLogin(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  interaction: Interaction,
  clientId: string,
  logger: Logger,
): Promise<void> {
  if (interaction.prompt.name !== 'login') {
    send(res, 400, interactionErrorPage('This sign-in step is already done.'));
    return;
  }
  const form = await readForm(req);
  const username = form.get('username') ?? '';
  const user = authenticateUser(username, form.get('password') ?? '');
  if (!user) {
    logger.info({ username }, 'dev-idp login rejected');
    send(
      res,
      401,
      loginPage({ uid: interaction.uid, clientId, username, error: 'Wrong username or password.' }),
    );
    return;
  }
  logger.debug({ sub: user.sub }, 'dev-idp login accepted');
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  );
}

async function submitConsent(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  interaction: Interaction,
  logger: Logger,
): Promise<void> {
  const accountId = interaction.session?.accountId;
  if (interaction.prompt.name !== 'consent' || !accountId) {
    send(res, 400, interactionErrorPage('There is nothing to allow at this step.'));
    return;
  }
  await readForm(req);
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const clientId = String(interaction.params.client_id);
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  if (details.missingOIDCScope?.length) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims?.length) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  logger.debug({ clientId, sub: accountId }, 'dev-idp consent granted');
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new errors.InvalidRequest('form body too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.end(html);
}
