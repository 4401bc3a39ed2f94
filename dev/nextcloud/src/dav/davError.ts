import type { Response } from 'express';
import { escapeXml } from '../xml/escapeXml.js';

interface DavErrorOptions {
  /** Emitted as `<s:header>` (Sabre names the precondition header that failed). */
  header?: string;
  /** Extra response headers (e.g. `Allow`, `WWW-Authenticate`). */
  headers?: Readonly<Record<string, string>>;
  /** Nextcloud's InvalidPath error adds `o:retry` / `o:reason` elements. */
  invalidPath?: boolean;
}

/** A WebDAV failure rendered as Sabre's `<d:error>` body; `exception` is the PHP class Nextcloud names. */
export class DavError extends Error {
  readonly code = 'dav_error';
  readonly retryable = false;

  constructor(
    readonly status: number,
    readonly exception: string,
    message: string,
    readonly options: DavErrorOptions = {},
  ) {
    super(message);
    this.name = 'DavError';
  }
}

const SABRE = 'Sabre\\DAV\\Exception\\';

/** 404 for a path relative to the user's home, in Nextcloud's wording. */
export function notFound(path: string): DavError {
  return new DavError(404, `${SABRE}NotFound`, `File with name ${path} could not be located`);
}

export function conflict(message: string): DavError {
  return new DavError(409, `${SABRE}Conflict`, message);
}

export function forbidden(message: string): DavError {
  return new DavError(403, `${SABRE}Forbidden`, message);
}

export function badRequest(message: string): DavError {
  return new DavError(400, `${SABRE}BadRequest`, message);
}

export function preconditionFailed(
  message: string,
  header: string,
  headers: Readonly<Record<string, string>> = {},
): DavError {
  return new DavError(412, `${SABRE}PreconditionFailed`, message, { header, headers });
}

/** Nextcloud's 400 for `%2e%2e` / `..%2f` segments; `path` is the decoded path. */
export function invalidPath(path: string): DavError {
  return new DavError(400, 'OCA\\DAV\\Connector\\Sabre\\Exception\\InvalidPath', `Invalid path "${path}"`, {
    invalidPath: true,
  });
}

/** Writes `error` as Sabre does: XML body, `application/xml; charset=utf-8`. */
export function sendDavError(res: Response, error: DavError): void {
  const ns = error.options.invalidPath ? ' xmlns:o="http://owncloud.org/ns"' : '';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"${ns}>`,
    `  <s:exception>${escapeXml(error.exception)}</s:exception>`,
    `  <s:message>${escapeXml(error.message)}</s:message>`,
  ];
  if (error.options.header) lines.push(`  <s:header>${escapeXml(error.options.header)}</s:header>`);
  if (error.options.invalidPath) {
    lines.push('  <o:retry xmlns:o="o:">false</o:retry>');
    lines.push(`  <o:reason xmlns:o="o:">${escapeXml(error.message)}</o:reason>`);
  }
  lines.push('</d:error>', '');
  res.status(error.status);
  for (const [name, value] of Object.entries(error.options.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/xml; charset=utf-8');
  res.end(lines.join('\n'));
}
