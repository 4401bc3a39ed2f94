import type { Logger } from '@nc-mcp/logger';
import type { NextFunction, Request, Response } from 'express';
import { type AuthState, authOf } from '../auth/authenticate.js';
import { type CalDavDeps, handleCalDav, isCalDavPath } from '../caldav/caldavHandler.js';
import { type CardDavDeps, handleCardDav, isAddressBookPath } from '../carddav/carddavHandler.js';
import { XmlSyntaxError } from '../xml/parseXml.js';
import { handleCopyMove } from './copyMove.js';
import type { DavContext } from './davContext.js';
import { DavError, sendDavError } from './davError.js';
import { decodeSegments, encodeSegment } from './davPaths.js';
import { handleDelete, handleGet, handleMkcol, handleOptions, handlePut } from './fileMethods.js';
import { handleForeignHome } from './foreignHome.js';
import { handlePropfind } from './propfind.js';
import { handleProppatch } from './proppatch.js';
import { handleReport } from './report.js';
import { handleSearch } from './search.js';
import { handleTrashbin } from './trashbin.js';
import { handleVersions } from './versions.js';

/** `DAV` header of `/remote.php/dav`. */
export const DAV_HEADER =
  '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, nc-paginate, nextcloud-checksum-update, nc-calendar-search, nc-enable-birthday-calendar, 2';
const LEGACY_DAV_HEADER = '1, 3, extended-mkcol, nextcloud-checksum-update, 2';

const NOT_AUTHENTICATED = 'Sabre\\DAV\\Exception\\NotAuthenticated';
const AUTH_PREAMBLE =
  'No public access to this resource., AppAPIAuth has not passed, This request is not for a federated calendar';
const NO_BASIC =
  "No 'Authorization: Basic' header found. Either the client didn't send one, or the server is misconfigured";
const NO_BEARER =
  "No 'Authorization: Bearer' header found. Either the client didn't send one, or the server is mis-configured";
const WRONG_BASIC = 'Username or password was incorrect';

/** Nextcloud's 401: always a Basic challenge (never Bearer), DummyBasic for XHR (quirk 6). */
function unauthorized(req: Request, auth: AuthState): DavError {
  if (req.get('x-requested-with') === 'XMLHttpRequest') {
    return new DavError(401, NOT_AUTHENTICATED, 'Cannot authenticate over ajax calls', {
      headers: { 'WWW-Authenticate': 'DummyBasic realm="Nextcloud"' },
    });
  }
  const attempted = auth.user ? 'none' : auth.attempted;
  const reasons =
    attempted === 'basic'
      ? [WRONG_BASIC, NO_BEARER, WRONG_BASIC]
      : [NO_BASIC, attempted === 'bearer' ? 'Bearer token was incorrect' : NO_BEARER, NO_BASIC];
  return new DavError(401, NOT_AUTHENTICATED, [AUTH_PREAMBLE, ...reasons].join(', '), {
    headers: { 'WWW-Authenticate': 'Basic realm="Nextcloud", charset="UTF-8"' },
  });
}

/** Dependencies of {@link createDavHandler}. */
export interface DavHandlerDeps {
  readonly instanceId: string;
  readonly logger: Logger;
  /** The address-book tree (`/remote.php/dav/addressbooks/`); without it that tree answers 404. */
  readonly carddav?: CardDavDeps;
  /** The calendar tree, principals and the DAV root's PROPFIND; without it they answer 404. */
  readonly caldav?: CalDavDeps;
}

/**
 * Where a DAV request points: the user's own files (also via the legacy root), trash bin or file
 * versions, another user's files home, or SEARCH.
 */
type Location =
  | {
      readonly kind: 'own' | 'trashbin' | 'versions';
      readonly rest: string;
      readonly hrefBase: string;
      readonly davHeader: string;
    }
  | { readonly kind: 'foreign'; readonly uid: string; readonly rest: string }
  | { readonly kind: 'search' };

function locate(path: string, method: string, uid: string): Location {
  const history = /^\/remote\.php\/dav\/(trashbin|versions)\/([^/]+)(\/.*)?$/.exec(path);
  if (history?.[1] && history[2]) {
    const owner = decodeSegments(history[2])[0] ?? '';
    // Another user's trash bin or versions home: the root collections refuse with a bare Forbidden.
    if (owner !== uid) throw new DavError(403, 'Sabre\\DAV\\Exception\\Forbidden', '');
    return {
      kind: history[1] === 'trashbin' ? 'trashbin' : 'versions',
      rest: history[3] ?? '',
      hrefBase: `/remote.php/dav/${history[1]}/${encodeSegment(owner)}`,
      davHeader: DAV_HEADER,
    };
  }
  const files = /^\/remote\.php\/dav\/files\/([^/]+)(\/.*)?$/.exec(path);
  if (files?.[1]) {
    const owner = decodeSegments(files[1])[0] ?? '';
    const rest = files[2] ?? '';
    if (owner !== uid) return { kind: 'foreign', uid: owner, rest };
    return {
      kind: 'own',
      rest,
      hrefBase: `/remote.php/dav/files/${encodeSegment(owner)}`,
      davHeader: DAV_HEADER,
    };
  }
  const legacy = /^\/remote\.php\/webdav(\/.*)?$/.exec(path);
  if (legacy)
    return {
      kind: 'own',
      rest: legacy[1] ?? '',
      hrefBase: '/remote.php/webdav',
      davHeader: LEGACY_DAV_HEADER,
    };
  if (/^\/remote\.php\/dav\/?$/.test(path) && method === 'SEARCH') return { kind: 'search' };
  throw new DavError(
    404,
    'Sabre\\DAV\\Exception\\NotFound',
    `The Nextcloud test double does not serve ${path}`,
  );
}

/** Handles `/remote.php/dav/…` and the legacy `/remote.php/webdav/…` (mounted at `/remote.php`). */
export function createDavHandler(deps: DavHandlerDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      route(req, res, deps);
    } catch (caught) {
      const error =
        caught instanceof XmlSyntaxError
          ? new DavError(400, 'Sabre\\DAV\\Exception\\BadRequest', caught.message)
          : caught;
      if (!(error instanceof DavError)) {
        next(error);
        return;
      }
      deps.logger.debug({ status: error.status, exception: error.exception }, 'dav error');
      sendDavError(res, error);
    }
  };
}

function route(req: Request, res: Response, deps: DavHandlerDeps): void {
  const auth = authOf(res);
  if (!auth.user) throw unauthorized(req, auth);
  if (deps.caldav && isCalDavPath(req.baseUrl + req.path, req.method)) {
    handleCalDav(req, res, auth.user, deps.caldav);
    return;
  }
  if (deps.carddav && isAddressBookPath(req.baseUrl + req.path)) {
    handleCardDav(req, res, auth.user, deps.carddav);
    return;
  }
  const location = locate(req.baseUrl + req.path, req.method, auth.user.uid);
  if (location.kind === 'foreign') {
    handleForeignHome(req, res, location.uid, decodeSegments(location.rest), DAV_HEADER);
    return;
  }
  const own = location.kind === 'search' ? undefined : location;
  const ctx: DavContext = {
    req,
    res,
    user: auth.user,
    instanceId: deps.instanceId,
    hrefBase: own?.hrefBase ?? `/remote.php/dav/files/${encodeSegment(auth.user.uid)}`,
    segments: decodeSegments(own?.rest ?? ''),
    trailingSlash: own?.rest.endsWith('/') ?? true,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    davHeader: own?.davHeader ?? DAV_HEADER,
  };
  if (location.kind === 'search') handleSearch(ctx);
  else if (location.kind === 'trashbin') handleTrashbin(ctx);
  else if (location.kind === 'versions') handleVersions(ctx);
  else dispatch(ctx);
}

const HANDLERS: Readonly<Record<string, (ctx: DavContext) => void>> = {
  OPTIONS: handleOptions,
  GET: (ctx) => handleGet(ctx, false),
  HEAD: (ctx) => handleGet(ctx, true),
  PUT: handlePut,
  DELETE: handleDelete,
  MKCOL: handleMkcol,
  PROPFIND: handlePropfind,
  PROPPATCH: handleProppatch,
  REPORT: handleReport,
  COPY: (ctx) => handleCopyMove(ctx, 'COPY'),
  MOVE: (ctx) => handleCopyMove(ctx, 'MOVE'),
};

function dispatch(ctx: DavContext): void {
  const handler = HANDLERS[ctx.req.method];
  if (!handler) {
    throw new DavError(
      501,
      'Sabre\\DAV\\Exception\\NotImplemented',
      `${ctx.req.method} is not supported by the test double`,
    );
  }
  handler(ctx);
}
