import { protocolError } from '../http.js';

/** Someone an item can be shared with, from the sharee search. */
export interface Sharee {
  kind: 'user' | 'group';
  /** What `shareWith` takes: the user id (possibly a hash) or the group id. */
  id: string;
  /** The display name. */
  label: string;
  /** What tells two users with the same display name apart (usually the email or the id). */
  unique?: string;
  /** The search term matched the id, name or email exactly. */
  exact: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function toSharee(entry: unknown, kind: Sharee['kind'], exact: boolean): Sharee | undefined {
  if (!isObject(entry) || !isObject(entry.value)) return undefined;
  const id = entry.value.shareWith;
  if (typeof id !== 'string' || id === '') return undefined;
  const sharee: Sharee = { kind, id, label: typeof entry.label === 'string' ? entry.label : id, exact };
  if (typeof entry.shareWithDisplayNameUnique === 'string' && entry.shareWithDisplayNameUnique !== '') {
    sharee.unique = entry.shareWithDisplayNameUnique;
  }
  return sharee;
}

function listOf(node: unknown, key: string): unknown[] {
  return isObject(node) && Array.isArray(node[key]) ? node[key] : [];
}

/**
 * Reads the users and groups of a sharee search (sharing/033, 035): exact matches first. Remotes,
 * emails, circles and rooms are left out: the sharing tools only share with users, groups and links.
 */
export function toSharees(data: unknown): Sharee[] {
  if (!isObject(data)) throw protocolError();
  const out: Sharee[] = [];
  for (const [exact, node] of [
    [true, data.exact],
    [false, data],
  ] as const) {
    for (const [key, kind] of [
      ['users', 'user'],
      ['groups', 'group'],
    ] as const) {
      for (const entry of listOf(node, key)) {
        const sharee = toSharee(entry, kind, exact);
        if (sharee) out.push(sharee);
      }
    }
  }
  return out;
}
