import { XMLParser } from 'fast-xml-parser';
import { protocolError } from '../http.js';

// Namespace prefixes are the server's choice (Nextcloud uses d:/oc:/nc:, others use D: or a default
// namespace), so they are dropped and elements are matched by local name. The props read here have
// distinct local names across DAV:, http://owncloud.org/ns and http://nextcloud.org/ns.
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Keep every value a string: '00000316…' ids and hex ETags must not turn into numbers.
  parseTagValue: false,
  // Also decodes numeric character references (&#13;), which the XML-only default leaves as text.
  htmlEntities: true,
  isArray: (name) => name === 'response' || name === 'propstat',
});

/** Parsed XML: element local names to strings, objects or (for response/propstat) arrays. */
export type XmlNode = Record<string, unknown>;

/** Parses an XML body; malformed XML is a `protocol` error. */
export function parseXml(text: string): XmlNode {
  try {
    // `true` validates first: the parser alone accepts unclosed elements.
    const parsed: unknown = parser.parse(text, true);
    if (typeof parsed !== 'object' || parsed === null) throw protocolError();
    return parsed as XmlNode;
  } catch {
    throw protocolError();
  }
}

/** Escapes text for use inside an XML element. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
