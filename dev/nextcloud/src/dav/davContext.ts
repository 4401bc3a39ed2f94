import type { Request, Response } from 'express';
import type { FsNode } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import { encodePath } from './davPaths.js';
import type { PropSource } from './properties.js';

/** Everything a WebDAV method handler needs about one request on the user's own files. */
export interface DavContext {
  readonly req: Request;
  readonly res: Response;
  readonly user: UserAccount;
  readonly instanceId: string;
  /** `/remote.php/dav/files/<uid>`, or `/remote.php/webdav` for the legacy endpoint. */
  readonly hrefBase: string;
  /** Decoded path below the home folder. */
  readonly segments: readonly string[];
  readonly trailingSlash: boolean;
  readonly body: Buffer;
  /** The `DAV` header value for this endpoint. */
  readonly davHeader: string;
}

/** The href Sabre reports for a node: percent-encoded, folders with a trailing slash. */
export function hrefOf(ctx: DavContext, node: FsNode, folderSlash = true): string {
  const path = encodePath(ctx.user.files.pathOf(node));
  if (node.kind === 'folder' && (folderSlash || path === '')) return `${ctx.hrefBase}${path}/`;
  return `${ctx.hrefBase}${path}`;
}

/** The property source for a node of the requesting user's tree. */
export function sourceOf(ctx: DavContext, node: FsNode): PropSource {
  return { node, owner: ctx.user, instanceId: ctx.instanceId };
}

/** Sends a 207 multistatus body. */
export function sendMultistatus(
  res: Response,
  xml: string,
  headers: Readonly<Record<string, string>> = {},
  contentType = 'application/xml; charset=utf-8',
): void {
  res.status(207);
  res.setHeader('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(xml);
}

/** Empty success responses (PUT, MKCOL, COPY, MOVE, DELETE) still carry an HTML Content-Type (quirk 14). */
export function sendEmpty(
  res: Response,
  status: number,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/html; charset=UTF-8');
  res.end();
}
