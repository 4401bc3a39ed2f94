import type { Request, Response } from 'express';
import { sendMultistatus } from './davContext.js';
import { DavError, forbidden, notFound } from './davError.js';
import { displayPath, encodeSegment } from './davPaths.js';
import { type DavResponse, renderMultistatus } from './multistatus.js';
import { DAV_NS } from './namespaces.js';
import { allPropNames } from './properties.js';
import { parsePropfindBody } from './propfind.js';

const RESOURCETYPE = `{${DAV_NS}}resourcetype`;

/**
 * Requests on another user's `/files/<uid>/` home. Nextcloud never shows the data: its root is a
 * 207 stub collection (only `resourcetype`, quirk 17), creating anything there is 403, the rest 404.
 */
export function handleForeignHome(
  req: Request,
  res: Response,
  uid: string,
  segments: readonly string[],
  davHeader: string,
): void {
  const name = segments[segments.length - 1] ?? '';
  switch (req.method) {
    case 'PROPFIND': {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const names = parsePropfindBody(body) ?? allPropNames({ kind: 'folder' });
      if (segments.length > 0) throw notFound(displayPath(segments));
      const missing = names
        .filter((prop) => prop !== RESOURCETYPE)
        .map((prop) => ({ name: prop, value: '' }));
      const propstats: Array<DavResponse['propstats'][number]> = [];
      if (names.includes(RESOURCETYPE))
        propstats.push({ status: 200, props: [{ name: RESOURCETYPE, value: '<d:collection/>' }] });
      if (missing.length > 0) propstats.push({ status: 404, props: missing });
      const href = `/remote.php/dav/files/${encodeSegment(uid)}/`;
      sendMultistatus(res, renderMultistatus([{ href, propstats }]), { DAV: davHeader });
      return;
    }
    case 'PUT':
      throw forbidden(`Permission denied to create file (filename ${name})`);
    case 'MKCOL':
      throw forbidden(`Permission denied to create folder (filename ${name})`);
    case 'GET':
    case 'HEAD':
    case 'DELETE':
    case 'COPY':
    case 'MOVE':
    case 'PROPPATCH':
      if (segments.length === 0 && req.method !== 'GET' && req.method !== 'HEAD') {
        throw forbidden('Permission denied');
      }
      throw notFound(displayPath(segments));
    default:
      throw new DavError(501, 'Sabre\\DAV\\Exception\\NotImplemented', `${req.method} is not supported here`);
  }
}
