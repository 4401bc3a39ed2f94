import type { Response } from 'express';
import {
  type DavProp,
  type DavResponse,
  propResponse,
  renderMultistatus,
  sendMultistatus,
} from '../dav/collectionXml.js';
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
export type CardProp = DavProp;

/** One `<d:response>`: propstats by status, or (a deleted sync member) only a status. */
export type CardResponse = DavResponse;

function element({ name, value }: CardProp): string {
  const { ns, local } = splitClark(name);
  const known = PREFIXES.get(ns);
  const tag = known ? `${known}:${local}` : `x1:${local}`;
  const declaration = known ? '' : ` xmlns:x1="${escapeXml(ns)}"`;
  return value === '' ? `<${tag}${declaration}/>` : `<${tag}${declaration}>${value}</${tag}>`;
}

/** A multistatus as Sabre writes it for CardDAV (with `xmlns:card` on the root), plus a sync token. */
export function renderCardMultistatus(responses: readonly CardResponse[], syncToken?: string): string {
  return renderMultistatus(ROOT, responses, element, syncToken);
}

/** Props found (200) and missing (404), in request order, as one response. */
export { propResponse };

/** `address-data` content: the card's CRLF kept as `&#13;` (quirk 21). */
export function addressData(data: string): string {
  return escapeXml(data).replaceAll('\r', '&#13;');
}

/** Sends a 207. */
export const sendCardMultistatus = sendMultistatus;

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
