import { NextcloudError } from '@nc-mcp/nextcloud';
import type { SearchHit } from '@nc-mcp/search-index';
import { SCOPES } from '../scopes.js';
import type { ToolContext } from '../toolDefinition.js';

const CONCURRENCY = 4;

/**
 * The hits the caller can still see with their own session access right now: an item deleted, moved
 * or no longer shared since the last sync is dropped, never shown from the index alone. A check that
 * fails for another reason drops the hit too (fail closed) and is logged.
 */
export async function stillVisible(hits: readonly SearchHit[], context: ToolContext): Promise<SearchHit[]> {
  const keep = new Array<boolean>(hits.length).fill(false);
  let next = 0;
  const worker = async () => {
    while (next < hits.length) {
      const position = next;
      next += 1;
      const hit = hits[position];
      if (hit) keep[position] = await visible(hit, context);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, hits.length) }, worker));
  return hits.filter((_hit, position) => keep[position]);
}

/**
 * The collection and member an indexed DAV item links to (`nextcloud://calendar/<calendar>/<object>`,
 * `nextcloud://contacts/<book>/<card>`, as the worker writes them). The check goes through the caller's
 * own calendar or address-book home, so a link can never reach another user's data.
 */
export function linkRef(
  link: string,
  family: 'calendar' | 'contacts',
): { collection: string; member: string } | undefined {
  const prefix = `nextcloud://${family}/`;
  if (!link.startsWith(prefix)) return undefined;
  const parts = link.slice(prefix.length).split('/');
  if (parts.length !== 2) return undefined;
  try {
    const [collection, member] = parts.map((part) => decodeURIComponent(part));
    return collection && member ? { collection, member } : undefined;
  } catch {
    return undefined;
  }
}

async function visible(hit: SearchHit, context: ToolContext): Promise<boolean> {
  try {
    if (hit.family === 'notes') {
      const id = Number(hit.id);
      if (!Number.isSafeInteger(id) || id <= 0) return false;
      await context.sessionWith?.([SCOPES.notesRead]).notes.get(id);
      return context.sessionWith !== undefined;
    }
    if (hit.family === 'files') {
      await context.sessionWith?.([SCOPES.filesRead]).webdav.propfind(hit.id, { depth: 0 });
      return context.sessionWith !== undefined;
    }
    if (hit.family === 'calendar') {
      const ref = linkRef(hit.link, 'calendar');
      if (ref === undefined) return false;
      await context.sessionWith?.([SCOPES.calendarRead]).caldav.get(ref.collection, ref.member);
      return context.sessionWith !== undefined;
    }
    if (hit.family === 'contacts') {
      const ref = linkRef(hit.link, 'contacts');
      if (ref === undefined) return false;
      await context.sessionWith?.([SCOPES.contactsRead]).contacts.readCard(ref.collection, ref.member);
      return context.sessionWith !== undefined;
    }
    return false;
  } catch (error) {
    if (!(error instanceof NextcloudError && (error.code === 'not_found' || error.code === 'forbidden'))) {
      context.logger.warn(
        { family: hit.family, errorCode: (error as { code?: unknown }).code },
        'search hit re-check failed',
      );
    }
    return false;
  }
}
