import { type FsNode, mimeTypeOf } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import { childOf, type XmlElement } from '../xml/parseXml.js';
import { clark, DAV_NS, OC_NS } from './namespaces.js';

type Comparable = string | number;

/** The value a WebDAV SEARCH compares or orders by, for the properties Nextcloud can search. */
export function searchValue(node: FsNode, owner: UserAccount, prop: string): Comparable | undefined {
  switch (prop) {
    case clark(DAV_NS, 'displayname'):
      return node.name;
    case clark(DAV_NS, 'getcontenttype'):
      return mimeTypeOf(node);
    case clark(DAV_NS, 'getlastmodified'):
      return node.mtime;
    case clark(DAV_NS, 'getcontentlength'):
    case clark(OC_NS, 'size'):
      return owner.files.sizeOf(node);
    case clark(OC_NS, 'fileid'):
      return node.id;
    case clark(OC_NS, 'favorite'):
      return node.favorite ? 1 : 0;
    case clark(OC_NS, 'owner-id'):
      return owner.uid;
    default:
      return undefined;
  }
}

function literalFor(value: Comparable, literal: string): Comparable {
  if (typeof value === 'string') return literal;
  if (/^-?\d+(\.\d+)?$/.test(literal.trim())) return Number(literal);
  const date = Date.parse(literal);
  return Number.isNaN(date) ? Number.NaN : Math.floor(date / 1000);
}

/** SQL LIKE (`%`, `_`), case-insensitive as in Nextcloud's file search. */
function like(value: string, pattern: string): boolean {
  const regex = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${regex}$`, 'is').test(value);
}

function comparison(operator: string, expression: XmlElement, node: FsNode, owner: UserAccount): boolean {
  const prop = childOf(expression, `{${DAV_NS}}prop`)?.children[0]?.clark;
  const literal = childOf(expression, `{${DAV_NS}}literal`)?.text ?? '';
  const value = prop ? searchValue(node, owner, prop) : undefined;
  if (value === undefined) return false;
  if (operator === 'like') return like(String(value), literal);
  const expected = literalFor(value, literal);
  switch (operator) {
    case 'eq':
      return value === expected;
    case 'gt':
      return value > expected;
    case 'gte':
      return value >= expected;
    case 'lt':
      return value < expected;
    default:
      return value <= expected;
  }
}

/** Evaluates a `<d:where>` expression (and/or/not, eq/gt/gte/lt/lte/like, is-collection) on a node. */
export function matchesWhere(expression: XmlElement, node: FsNode, owner: UserAccount): boolean {
  if (expression.ns !== DAV_NS) return false;
  switch (expression.local) {
    case 'and':
      return expression.children.every((child) => matchesWhere(child, node, owner));
    case 'or':
      return expression.children.some((child) => matchesWhere(child, node, owner));
    case 'not': {
      const inner = expression.children[0];
      return inner ? !matchesWhere(inner, node, owner) : false;
    }
    case 'is-collection':
      return node.kind === 'folder';
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'like':
      return comparison(expression.local, expression, node, owner);
    default:
      return false;
  }
}
