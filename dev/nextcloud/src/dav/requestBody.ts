import { childOf, parseXml, type XmlElement, XmlSyntaxError } from '../xml/parseXml.js';
import { badRequest } from './davError.js';
import { DAV_NS } from './namespaces.js';

/** Parses a DAV request body, turning malformed XML into Sabre's 400 BadRequest. */
export function parseDavBody(body: Buffer, expectedRoot: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw badRequest(error.message);
    throw error;
  }
  if (root.clark !== expectedRoot) {
    throw badRequest(`The request body must have a ${expectedRoot} root element, got ${root.clark}`);
  }
  return root;
}

/** The Clark names listed inside a `<d:prop>` child of `element`, in request order. */
export function propNames(element: XmlElement): string[] {
  const prop = childOf(element, `{${DAV_NS}}prop`);
  return prop ? prop.children.map((child) => child.clark) : [];
}

/** Whether a body has any non-whitespace content. */
export function hasBody(body: Buffer): boolean {
  return body.toString('utf8').trim() !== '';
}
