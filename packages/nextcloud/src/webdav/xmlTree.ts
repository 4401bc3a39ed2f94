import { protocolError } from '../http.js';
import type { XmlNode } from './xml.js';

// A one-pass parser for the multistatus bodies WebDAV answers with, building the same tree as
// `parseXml` (namespace prefixes dropped, attributes ignored, text trimmed and kept a string, an empty
// element '', `response`/`propstat` always arrays) while checking well-formedness in the same pass.
// fast-xml-parser needs a second validation pass and spends most of a 1,000-entry listing on
// bookkeeping this shape never needs.

// Names that would reach Object.prototype through a plain object; `parseXml` refuses them too.
const UNSAFE_NAMES = new Set(['__proto__', 'constructor']);
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Frame {
  /** The qualified name as written, for matching the end tag. */
  qname: string;
  /** The local name the node is stored under. */
  name: string;
  node: XmlNode | undefined;
  text: string;
}

function isNameStart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 58 || code >= 0xc0
  );
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46 || code >= 0xb7;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function decodeReference(ref: string): string | undefined {
  if (ref.charCodeAt(0) !== 35)
    return NAMED_ENTITIES[ref] ?? (/^[A-Za-z][A-Za-z0-9]*$/.test(ref) ? `&${ref};` : undefined);
  const hex = ref.charCodeAt(1) === 120;
  const digits = ref.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

// Decodes `&amp;`-style and numeric references; a bare '&' that starts none is not well-formed XML.
// (Undeclared names such as `&nbsp;` stay as written, as `parseXml` leaves unknown ones.)
function decodeEntities(raw: string): string {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp + 1);
    const decoded = semi < 0 ? undefined : decodeReference(raw.slice(amp + 1, semi));
    if (decoded === undefined) throw protocolError();
    out += raw.slice(from, amp) + decoded;
    from = semi + 1;
  }
  return out + raw.slice(from);
}

// Character data between tags: line ends normalised as XML requires, trimmed, then references decoded
// (so an encoded '&#13;' at either end survives, as with `parseXml`).
function textOf(raw: string): string {
  const text = (raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw).trim();
  return text.includes('&') ? decodeEntities(text) : text;
}

function addChild(parent: XmlNode, name: string, value: unknown): void {
  const existing = parent[name];
  // Values are never undefined; a defined one may still be inherited ('toString'), hence the second check.
  if (existing === undefined || !Object.hasOwn(parent, name)) {
    parent[name] = name === 'response' || name === 'propstat' ? [value] : value;
    return;
  }
  if (Array.isArray(existing)) existing.push(value);
  else parent[name] = [existing, value];
}

// Skips a start tag's attributes (`name="v"` or `name='v'`); returns the index of the closing '>'
// (preceded by '/' when the element closes itself).
function skipAttributes(xml: string, from: number): number {
  let i = from;
  for (;;) {
    const spaced = i;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const code = xml.charCodeAt(i);
    if (code === 62) return i;
    if (code === 47) {
      if (xml.charCodeAt(i + 1) !== 62) throw protocolError();
      return i + 1;
    }
    // An attribute must be separated from the name or the previous attribute by white space.
    if (i === spaced || !isNameStart(code)) throw protocolError();
    while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== 61) throw protocolError();
    i++;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i);
    if (quote !== 34 && quote !== 39) throw protocolError();
    const close = xml.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0 || xml.slice(i + 1, close).includes('<')) throw protocolError();
    i = close + 1;
  }
}

// Where an end tag for `qname` starting at `at` ('</') stops: the index of its '>'.
function endTagClose(xml: string, at: number, qname: string): number {
  if (!xml.startsWith(qname, at + 2)) throw protocolError();
  let i = at + 2 + qname.length;
  while (isSpace(xml.charCodeAt(i))) i++;
  if (xml.charCodeAt(i) !== 62) throw protocolError();
  return i;
}

function skipUntil(xml: string, from: number, terminator: string): number {
  const end = xml.indexOf(terminator, from);
  if (end < 0) throw protocolError();
  return end + terminator.length;
}

/**
 * Parses an XML body into the tree `parseXml` builds (see the note at the top); malformed XML is a
 * `protocol` error.
 */
export function parseXmlTree(xml: string): XmlNode {
  const root: XmlNode = {};
  const stack: Frame[] = [];
  let seenRoot = false;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const rawText = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) {
        const text = textOf(rawText);
        if (text !== '') top.text += text;
      } else if (rawText.trim() !== '') throw protocolError();
    }
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47) {
      const frame = stack.pop();
      if (!frame) throw protocolError();
      i = endTagClose(xml, lt, frame.qname) + 1;
      closeElement(frame, stack[stack.length - 1], root);
      continue;
    }
    if (next === 33) {
      // <!-- comment -->, <![CDATA[ raw text ]]>, <!DOCTYPE …>
      if (xml.startsWith('<!--', lt)) {
        i = skipUntil(xml, lt + 4, '-->');
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const top = stack[stack.length - 1];
        if (!top) throw protocolError();
        i = skipUntil(xml, lt + 9, ']]>');
        top.text += xml.slice(lt + 9, i - 3);
      } else if (xml.startsWith('<!DOCTYPE', lt) && stack.length === 0 && !seenRoot) {
        i = skipUntil(xml, lt + 9, '>');
      } else throw protocolError();
      continue;
    }
    if (next === 63) {
      // <?xml …?> and other processing instructions.
      i = skipUntil(xml, lt + 2, '?>');
      continue;
    }
    let end = lt + 1;
    if (!isNameStart(xml.charCodeAt(end))) throw protocolError();
    while (end < xml.length && isNameChar(xml.charCodeAt(end))) end++;
    const qname = xml.slice(lt + 1, end);
    const colon = qname.indexOf(':');
    const name = colon < 0 ? qname : qname.slice(colon + 1);
    if (name === '' || UNSAFE_NAMES.has(name) || (stack.length === 0 && seenRoot)) throw protocolError();
    const close = xml.charCodeAt(end) === 62 ? end : skipAttributes(xml, end);
    const frame: Frame = { qname, name, node: undefined, text: '' };
    seenRoot = true;
    if (xml.charCodeAt(close - 1) === 47) closeElement(frame, stack[stack.length - 1], root);
    else stack.push(frame);
    i = close + 1;
  }
  if (stack.length > 0 || !seenRoot) throw protocolError();
  return root;
}

function closeElement(frame: Frame, parent: Frame | undefined, root: XmlNode): void {
  let value: unknown = frame.text;
  if (frame.node) {
    if (frame.text !== '') frame.node['#text'] = frame.text;
    value = frame.node;
  }
  if (!parent) {
    addChild(root, frame.name, value);
    return;
  }
  parent.node ??= {};
  addChild(parent.node, frame.name, value);
}
