import type { Response } from 'express';
import { escapeXml } from '../xml/escapeXml.js';

// What the CalDAV and CardDAV trees of the double share: Sabre's multistatus of propstats, with an
// optional sync token, and the 207 that carries it. Each tree passes its own root element (the
// namespaces Sabre declares there) and its own property rendering.

/** One property: Clark name and inner XML ('' for an empty element). */
export interface DavProp {
  readonly name: string;
  readonly value: string;
}

/** One `<d:response>`: propstats by status, or (a deleted sync member) only a status. */
export interface DavResponse {
  readonly href: string;
  readonly propstats?: ReadonlyArray<{ readonly status: number; readonly props: readonly DavProp[] }>;
  readonly status?: number;
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found' };

function statusLine(status: number): string {
  return `<d:status>HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}</d:status>`;
}

/** A multistatus opened by `root` (without its closing `>`), with `syncToken` after the responses. */
export function renderMultistatus(
  root: string,
  responses: readonly DavResponse[],
  element: (prop: DavProp) => string,
  syncToken?: string,
): string {
  const body = responses
    .map((response) => {
      const inner =
        response.status !== undefined
          ? statusLine(response.status)
          : (response.propstats ?? [])
              .map(
                ({ status, props }) =>
                  `<d:propstat><d:prop>${props.map(element).join('')}</d:prop>${statusLine(status)}</d:propstat>`,
              )
              .join('');
      return `<d:response><d:href>${escapeXml(response.href)}</d:href>${inner}</d:response>`;
    })
    .join('');
  const token = syncToken === undefined ? '' : `<d:sync-token>${escapeXml(syncToken)}</d:sync-token>`;
  if (body === '' && token === '') return `<?xml version="1.0"?>\n${root}/>\n`;
  return `<?xml version="1.0"?>\n${root}>${body}${token}</d:multistatus>\n`;
}

/** Found (200) and missing (404) props, in request order, as one response. */
export function propResponse(
  href: string,
  names: readonly string[],
  read: (name: string) => string | null,
): DavResponse {
  const found: DavProp[] = [];
  const missing: DavProp[] = [];
  for (const name of names) {
    const value = read(name);
    if (value === null) missing.push({ name, value: '' });
    else found.push({ name, value });
  }
  return {
    href,
    propstats: [
      ...(found.length > 0 ? [{ status: 200, props: found }] : []),
      ...(missing.length > 0 ? [{ status: 404, props: missing }] : []),
    ],
  };
}

/** Sends a 207 with the headers given (Sabre adds `DAV` to PROPFIND answers). */
export function sendMultistatus(
  res: Response,
  xml: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.status(207);
  res.setHeader('Content-Type', 'application/xml; charset=utf-8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(xml);
}
