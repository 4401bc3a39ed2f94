import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { authOf } from '../auth/authenticate.js';
import { hasOcsApiRequestHeader } from '../http/ocsApiRequest.js';
import { createUnifiedSearch } from '../search/unifiedSearch.js';
import type { UserAccount } from '../store/userStore.js';
import { capabilities } from './capabilities.js';
import {
  type OcsResult,
  type OcsVersion,
  ocsContentType,
  ocsFailure,
  ocsOk,
  sendOcs,
} from './ocsResponse.js';
import { userData } from './userData.js';

/** One OCS route below `/ocs/v{1,2}.php`. */
export interface OcsRoute {
  readonly method: string;
  readonly pattern: RegExp;
  /** Public routes answer anonymous callers and skip the CSRF check. */
  readonly public?: boolean;
  /** Answers carry an ETag of their data, as public routes do (search/001). */
  readonly etag?: boolean;
  readonly handle: (user: UserAccount | null, match: RegExpExecArray, req: Request) => OcsResult;
}

function ocsRoutes(apps: { notes: boolean }): readonly OcsRoute[] {
  const unifiedSearch = createUnifiedSearch(apps);
  return [
    {
      method: 'GET',
      pattern: /^\/cloud\/capabilities$/,
      public: true,
      handle: (user, _match, req) =>
        ocsOk(capabilities(`${req.protocol}://${req.get('host') ?? 'localhost'}`, user !== null, apps)),
    },
    { method: 'GET', pattern: /^\/cloud\/user$/, handle: (user) => ocsOk(userData(user!)) },
    {
      method: 'GET',
      pattern: /^\/cloud\/users$/,
      handle: () => ocsFailure(403, 'Logged in account must be at least a sub admin'),
    },
    {
      method: 'GET',
      pattern: /^\/cloud\/users\/([^/]+)$/,
      // Non-admins only see themselves; anyone else is an unspecific 998 (ocs/018).
      handle: (user, match) =>
        decodeURIComponent(match[1] ?? '') === user!.uid ? ocsOk(userData(user!)) : ocsFailure(998, ''),
    },
    {
      method: 'GET',
      pattern: /^\/search\/providers$/,
      etag: true,
      handle: (_u, _m, req) => unifiedSearch.list(req),
    },
    {
      method: 'GET',
      pattern: /^\/search\/providers\/([^/]+)\/search$/,
      handle: (user, match, req) => unifiedSearch.search(user!, match[1] ?? '', req),
    },
    {
      method: 'GET',
      pattern: /^\/apps\/user_status\/api\/v1\/user_status$/,
      handle: () => ocsFailure(404, 'No status for the current user'),
    },
  ];
}

const INVALID_QUERY =
  'Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n';

/**
 * OCS at `/ocs/v1.php` and `/ocs/v2.php`: capabilities, the current user, and Nextcloud's envelopes
 * for 401/997, 412 CSRF (Basic without `OCS-APIRequest`; a bearer passes), 998 unknown route, 405.
 */
export function createOcsHandler(
  apps: { notes: boolean; files_sharing?: boolean },
  /** Routes of optional apps (files_sharing), already left out when their app is off. */
  appRoutes: readonly OcsRoute[] = [],
): (req: Request, res: Response) => void {
  const table = [...ocsRoutes(apps), ...appRoutes];
  return (req, res) => handleOcs(table, req, res);
}

function handleOcs(table: readonly OcsRoute[], req: Request, res: Response): void {
  const match = /^\/ocs\/v([12])\.php(\/.*)$/.exec(req.baseUrl + req.path);
  if (!match?.[2]) {
    res.status(404).json({ message: 'Not found' });
    return;
  }
  const version = Number(match[1]) as OcsVersion;
  const routePath = match[2];
  const candidates = table
    .map((route) => ({ route, found: route.pattern.exec(routePath) }))
    .filter((entry): entry is { route: OcsRoute; found: RegExpExecArray } => entry.found !== null);
  if (candidates.length === 0) {
    sendOcs(req, res, version, ocsFailure(998, INVALID_QUERY));
    return;
  }
  const hit = candidates.find(({ route }) => route.method === req.method);
  if (!hit) {
    res.status(405).setHeader('Content-Type', ocsContentType(req));
    res.end();
    return;
  }
  const auth = authOf(res);
  if (!auth.user && auth.attempted === 'basic') {
    sendOcs(req, res, version, ocsFailure(997, 'Unauthorised'), {
      'WWW-Authenticate': 'Basic realm="Authorisation Required"',
    });
    return;
  }
  if (!hit.route.public) {
    if (!auth.user) {
      sendOcs(req, res, version, ocsFailure(997, 'Current user is not logged in'));
      return;
    }
    if (auth.method === 'basic' && !hasOcsApiRequestHeader(req)) {
      // Plain JSON, no envelope (quirk 2).
      res.status(412).setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ message: 'CSRF check failed' }));
      return;
    }
  }
  const result = hit.route.handle(auth.user, hit.found, req);
  const headers: Record<string, string> = {};
  if (hit.route.public || hit.route.etag)
    headers.ETag = `"${createHash('md5').update(JSON.stringify(result.data)).digest('hex')}"`;
  sendOcs(req, res, version, result, headers);
}
