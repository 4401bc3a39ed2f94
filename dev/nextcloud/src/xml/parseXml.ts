import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A namespace-resolved XML element: fast-xml-parser keeps prefixes, WebDAV needs namespaces. */
export interface XmlElement {
  /** Namespace URI ('' when none). */
  readonly ns: string;
  readonly local: string;
  /** Clark notation, `{ns}local`. */
  readonly clark: string;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content. */
  readonly text: string;
  /** Attributes by their name as written (`name`, `test`, `match-type`), without `xmlns` declarations. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The request body is not well-formed XML. */
export class XmlSyntaxError extends Error {
  readonly code = 'xml_syntax';
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
});

/** Parses `xml` and returns its root element, or throws {@link XmlSyntaxError}. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new XmlSyntaxError(`${valid.err.msg}\n on line ${valid.err.line}, column ${valid.err.col}`);
  }
  const nodes = parser.parse(xml) as OrderedNode[];
  const roots = nodes
    .map((node) => toElement(node, new Map()))
    .filter((element): element is XmlElement => element !== null);
  const root = roots[0];
  if (!root) throw new XmlSyntaxError('Document is empty');
  return root;
}

function toElement(node: OrderedNode, scope: ReadonlyMap<string, string>): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name.startsWith('!')) return null;
  const attributes = node[':@'] ?? {};
  const innerScope = new Map(scope);
  for (const [attribute, value] of Object.entries(attributes)) {
    if (attribute === 'xmlns') innerScope.set('', value);
    else if (attribute.startsWith('xmlns:')) innerScope.set(attribute.slice(6), value);
  }
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const ns = innerScope.get(prefix) ?? '';
  const rawChildren = (node[name] as OrderedNode[] | undefined) ?? [];
  const children: XmlElement[] = [];
  let text = '';
  for (const child of rawChildren) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const element = toElement(child, innerScope);
      if (element) children.push(element);
    }
  }
  const plain = Object.entries(attributes).filter(
    ([attribute]) => attribute !== 'xmlns' && !attribute.startsWith('xmlns:'),
  );
  return { ns, local, clark: `{${ns}}${local}`, children, text, attributes: Object.fromEntries(plain) };
}

/** The first child with the given Clark name. */
export function childOf(element: XmlElement, clark: string): XmlElement | undefined {
  return element.children.find((child) => child.clark === clark);
}
