import type { NextFunction, Request, Response } from 'express';
import { authOf } from '../auth/authenticate.js';
import { hasOcsApiRequestHeader } from '../http/ocsApiRequest.js';
import type { Clock } from '../store/fileTree.js';
import type { UserAccount } from '../store/userStore.js';
import type { Contention } from './contention.js';
import { collectionRoute, type NotesReply, noteRoute, settingsRoute } from './notesRoutes.js';
import { NotesService } from './notesService.js';

const VERSIONS_HEADER = { 'X-Notes-API-Versions': '0.2, 1.3, 1.4' };
const SUPPORTED_VERSIONS = new Set(['v1', 'v0.2']);

function sendJson(
  res: Response,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(status === 304 ? undefined : JSON.stringify(body));
}

/**
 * Notes API (`/index.php/apps/notes/api/{v1,v0.2}/…`). A `#[CORS]` app: without `OCS-APIRequest`
 * only Basic auth works and anything else gets 401 "CORS requires basic auth" (quirk 1); with the
 * header a missing login is 401 "Current user is not logged in" (notes/055–057).
 */
export function createNotesHandler(clock: Clock, contention?: Contention) {
  const nowSeconds = (): number => Math.floor(clock() / 1000);
  return (req: Request, res: Response, next: NextFunction): void => {
    const auth = authOf(res);
    if (!hasOcsApiRequestHeader(req) && (!auth.user || auth.method !== 'basic')) {
      sendJson(res, 401, { message: 'CORS requires basic auth' });
      return;
    }
    if (!auth.user) {
      sendJson(res, 401, { message: 'Current user is not logged in' });
      return;
    }
    Promise.resolve(route(req, auth.user, nowSeconds, contention)).then(
      (reply) => sendJson(res, reply.status, reply.body, { ...reply.headers, ...VERSIONS_HEADER }),
      next,
    );
  };
}

function route(
  req: Request,
  user: UserAccount,
  nowSeconds: () => number,
  contention: Contention | undefined,
): NotesReply | Promise<NotesReply> {
  const match = /^\/([^/]+)\/(notes|settings)(?:\/([^/]+))?\/?$/.exec(req.path);
  // Unsupported API versions (e.g. v2) are 400 `[]` (quirk 29).
  if (!match?.[1] || !SUPPORTED_VERSIONS.has(match[1])) return { status: 400, body: [] };
  if (match[2] === 'settings') {
    return match[3] === undefined
      ? settingsRoute(req, user)
      : { status: 404, body: { errorType: 'Exception' } };
  }
  const service = new NotesService(user, nowSeconds);
  return match[3] === undefined
    ? collectionRoute(req, service, nowSeconds(), contention)
    : noteRoute(req, service, match[3], contention);
}
