import type { Response } from 'express';
import { splitClark } from '../dav/namespaces.js';
import { escapeXml } from '../xml/escapeXml.js';

/** CardDAV's namespace. */
export const CARD_NS = 'urn:ietf:params:xml:ns:carddav';
/** Apple's calendarserver namespace (`getctag`), which Sabre writes with an `x1` prefix. */
export const CS_NS = 'http://calendarserver.org/ns/';

const PREFIXES: ReadonlyMap<string, string> = new Map([
  ['DAV:', 'd'],
  ['http://sabredav.org/ns', 's'],
  [CARD_NS, 'card'],
  ['http://owncloud.org/ns', 'oc'],
  ['http://nextcloud.org/ns', 'nc'],
]);

const ROOT =
  '<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';

/** One property: its Clark name and inner XML ('' for an empty element). */
export interface CardProp {
  readonly name: string;
  readonly value: string;
}

/** One `<d:response>`: propstats by status, or (a deleted sync member) only a status. */
export interface CardResponse {
  readonly href: string;
  readonly propstats?: ReadonlyArray<{ readonly status: number; readonly props: readonly CardProp[] }>;
  readonly status?: number;
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found' };

function element({ name, value }: CardProp): string {
  const { ns, local } = splitClark(name);
  const known = PREFIXES.get(ns);
  const tag = known ? `${known}:${local}` : `x1:${local}`;
  const declaration = known ? '' : ` xmlns:x1="${escapeXml(ns)}"`;
  return value === '' ? `<${tag}${declaration}/>` : `<${tag}${declaration}>${value}</${tag}>`;
}

const statusLine = (status: number) => `<d:status>HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}</d:status>`;

/** A multistatus as Sabre writes it for CardDAV (with `xmlns:card` on the root), plus a sync token. */
export function renderCardMultistatus(responses: readonly CardResponse[], syncToken?: string): string {
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
  if (body === '' && token === '') return `<?xml version="1.0"?>\n${ROOT}/>\n`;
  return `<?xml version="1.0"?>\n${ROOT}>${body}${token}</d:multistatus>\n`;
}

/** Props found (200) and missing (404), in request order, as one response. */
export function propResponse(
  href: string,
  names: readonly string[],
  read: (name: string) => string | null,
): CardResponse {
  const found: CardProp[] = [];
  const missing: CardProp[] = [];
  for (const name of names) {
    const value = read(name);
    if (value === null) missing.push({ name, value: '' });
    else found.push({ name, value });
  }
  const propstats = [
    ...(found.length > 0 ? [{ status: 200, props: found }] : []),
    ...(missing.length > 0 ? [{ status: 404, props: missing }] : []),
  ];
  return { href, propstats };
}

/** `address-data` content: the card's CRLF kept as `&#13;` (quirk 21). */
export function addressData(data: string): string {
  return escapeXml(data).replaceAll('\r', '&#13;');
}

/** Sends a 207. */
export function sendCardMultistatus(
  res: Response,
  xml: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.status(207);
  res.setHeader('Content-Type', 'application/xml; charset=utf-8');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(xml);
}

/** Sabre's 403 for a sync token it cannot use, with `<d:valid-sync-token/>` (caldav/036). */
export function sendInvalidSyncToken(res: Response): void {
  res.status(403).setHeader('Content-Type', 'application/xml; charset=utf-8');
  res.end(
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">',
      '  <s:exception>Sabre\\DAV\\Exception\\InvalidSyncToken</s:exception>',
      '  <s:message>Invalid or unknown sync token</s:message>',
      '  <d:valid-sync-token/>',
      '</d:error>',
      '',
    ].join('\n'),
  );
}
