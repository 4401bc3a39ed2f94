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

/** CalDAV's namespace. */
export const CAL_NS = 'urn:ietf:params:xml:ns:caldav';
/** Apple calendarserver (`getctag`). */
export const CS_NS = 'http://calendarserver.org/ns/';
/** Apple iCal (`calendar-color`, `calendar-order`), written with an `x1` prefix by Sabre. */
export const ICAL_NS = 'http://apple.com/ns/ical/';
/** Nextcloud's calendar namespace (`deleted-at`, `deleted-calendar`, `trash-bin`): .com, not .org. */
export const NC_COM_NS = 'http://nextcloud.com/ns';

const PREFIXES: ReadonlyMap<string, string> = new Map([
  ['DAV:', 'd'],
  ['http://sabredav.org/ns', 's'],
  [CAL_NS, 'cal'],
  [CS_NS, 'cs'],
  ['http://owncloud.org/ns', 'oc'],
  ['http://nextcloud.org/ns', 'nc'],
]);

/** The multistatus root Sabre writes for the calendar tree (caldav/003). */
const ROOT =
  '<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';

/** One property: Clark name and inner XML ('' for an empty element). */
export type CalProp = DavProp;

/** One `<d:response>`: propstats, or (a deleted sync member) only a status. */
export type CalResponse = DavResponse;

/** A property element; unknown namespaces get a local `x1`/`x2` declaration as Sabre writes them. */
export function propElement({ name, value }: CalProp): string {
  const { ns, local } = splitClark(name);
  const known = PREFIXES.get(ns);
  const prefix = known ?? (ns === ICAL_NS ? 'x1' : 'x2');
  const declaration = known ? '' : ` xmlns:${prefix}="${escapeXml(ns)}"`;
  const tag = `${prefix}:${local}`;
  return value === '' ? `<${tag}${declaration}/>` : `<${tag}${declaration}>${value}</${tag}>`;
}

/** A multistatus for the calendar tree, with an optional sync token. */
export function renderCalMultistatus(responses: readonly CalResponse[], syncToken?: string): string {
  return renderMultistatus(ROOT, responses, propElement, syncToken);
}

/** Found (200) and missing (404) props, in request order. */
export const calPropResponse = propResponse;

/** Sends a 207 (with a `DAV` header where Sabre adds one: PROPFIND). */
export const sendCalMultistatus = sendMultistatus;

/** Sabre's error body with an extra element after the message (e.g. `<d:valid-sync-token/>`). */
export function sendErrorWith(
  res: Response,
  status: number,
  exception: string,
  message: string,
  extra: string,
): void {
  res.status(status).setHeader('Content-Type', 'application/xml; charset=utf-8');
  res.end(
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">',
      `  <s:exception>${escapeXml(exception)}</s:exception>`,
      `  <s:message>${escapeXml(message)}</s:message>`,
      `  ${extra}`,
      '</d:error>',
      '',
    ].join('\n'),
  );
}
