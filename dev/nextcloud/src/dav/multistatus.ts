import { escapeXml } from '../xml/escapeXml.js';
import { KNOWN_PREFIXES, splitClark } from './namespaces.js';
import { type PropSource, readProp } from './properties.js';

/** One property in a propstat: inner XML, or '' for an empty element. */
export interface PropEntry {
  readonly name: string;
  readonly value: string;
}

/** One `<d:response>`: an href and its propstats grouped by status. */
export interface DavResponse {
  readonly href: string;
  readonly propstats: ReadonlyArray<{ readonly status: number; readonly props: readonly PropEntry[] }>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  403: 'Forbidden',
  404: 'Not Found',
  424: 'Failed Dependency',
};

/** Builds the response for `names` of a node: found ones under 200, missing ones under a separate 404. */
export function propResponse(href: string, source: PropSource | null, names: readonly string[]): DavResponse {
  const found: PropEntry[] = [];
  const missing: PropEntry[] = [];
  for (const name of names) {
    const value = source ? readProp(source, name) : null;
    if (value === null) missing.push({ name, value: '' });
    else found.push({ name, value });
  }
  const propstats: Array<{ status: number; props: PropEntry[] }> = [];
  if (found.length > 0) propstats.push({ status: 200, props: found });
  if (missing.length > 0) propstats.push({ status: 404, props: missing });
  return { href, propstats };
}

/** Serialises a `<d:multistatus>` the way Sabre does (namespace prefixes d/s/oc/nc, others x1, x2…). */
export function renderMultistatus(responses: readonly DavResponse[]): string {
  const extraPrefixes = new Map<string, string>();
  const element = (name: string, value: string): string => {
    const { ns, local } = splitClark(name);
    const known = KNOWN_PREFIXES.get(ns);
    let tag: string;
    let declaration = '';
    if (known) tag = `${known}:${local}`;
    else if (ns === '') tag = local;
    else {
      let prefix = extraPrefixes.get(ns);
      if (!prefix) {
        prefix = `x${extraPrefixes.size + 1}`;
        extraPrefixes.set(ns, prefix);
      }
      tag = `${prefix}:${local}`;
      declaration = ` xmlns:${prefix}="${escapeXml(ns)}"`;
    }
    return value === '' ? `<${tag}${declaration}/>` : `<${tag}${declaration}>${value}</${tag}>`;
  };
  const root =
    '<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';
  if (responses.length === 0) return `<?xml version="1.0"?>\n${root}/>\n`;
  const body = responses
    .map((response) => {
      const propstats = response.propstats
        .map(
          ({ status, props }) =>
            `<d:propstat><d:prop>${props.map((prop) => element(prop.name, prop.value)).join('')}</d:prop>` +
            `<d:status>HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}</d:status></d:propstat>`,
        )
        .join('');
      return `<d:response><d:href>${escapeXml(response.href)}</d:href>${propstats}</d:response>`;
    })
    .join('');
  return `<?xml version="1.0"?>\n${root}>${body}</d:multistatus>\n`;
}
