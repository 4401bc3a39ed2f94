import { XMLParser } from 'fast-xml-parser';
import { protocolError } from '../http.js';
import { escapeXml } from '../webdav/xml.js';

// Like webdav/xml.ts (namespace prefixes dropped, values kept as strings), but with attributes: the
// supported components are `<cal:comp name="VEVENT"/>`.
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // `&#13;` in calendar-data (quirk 21) must come back as CR.
  htmlEntities: true,
  isArray: (name) => ['response', 'propstat', 'comp', 'href', 'privilege'].includes(name),
});

/** Parsed XML: local names to strings, nodes or arrays. */
export type Node = Record<string, unknown>;

/** Whether `value` is an element with children or attributes. */
export const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` as a list (fast-xml-parser gives one element as a value, several as an array). */
export const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** The text of an element ('' when empty, undefined when absent or structured). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  return undefined;
}

/** One `<d:response>`: its href, its own status (sync-collection deletions) and the props of its 200 propstats. */
export interface CaldavResponse {
  href: string;
  status: number | undefined;
  props: Node;
}

function statusCode(status: unknown): number | undefined {
  const code = Number(/ (\d{3})( |$)/.exec(textOf(status) ?? '')?.[1]);
  return Number.isInteger(code) ? code : undefined;
}

/** The responses of a 207 multistatus; malformed XML is a `protocol` error. */
export function caldavResponses(xml: string): CaldavResponse[] {
  let parsed: Node;
  try {
    parsed = parser.parse(xml, true) as Node;
  } catch {
    throw protocolError();
  }
  const root = parsed.multistatus;
  // An empty result is a self-closing <d:multistatus/> (caldav/030).
  if (root === '') return [];
  if (!isNode(root)) throw protocolError();
  return asList(root.response).map((response) => {
    if (!isNode(response)) throw protocolError();
    const href = textOf(asList(response.href)[0]);
    if (href === undefined || href === '') throw protocolError();
    const props: Node = {};
    for (const propstat of asList(response.propstat)) {
      if (isNode(propstat) && statusCode(propstat.status) === 200 && isNode(propstat.prop)) {
        Object.assign(props, propstat.prop);
      }
    }
    return { href, status: statusCode(response.status), props };
  });
}

/** The XML declaration and namespaces every CalDAV request body here uses. */
export const CALDAV_NAMESPACES =
  'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" ' +
  'xmlns:x1="http://apple.com/ns/ical/" xmlns:oc="http://owncloud.org/ns"';

/** `20261208T000000Z`: the UTC form CalDAV time ranges use. */
export function caldavUtc(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A text element, escaped. */
export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}
