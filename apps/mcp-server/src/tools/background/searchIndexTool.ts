import { INDEX_FAMILIES, type IndexFamily, type SearchHit } from '@nc-mcp/search-index';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool, type ToolContext } from '../toolDefinition.js';
import { backgroundOf, isGranted } from './backgroundShapes.js';
import { stillVisible } from './recheckHits.js';

// The families the index holds that a caller can re-check, with the scope that lets them read it.
const READ_SCOPE: Partial<Record<IndexFamily, string>> = {
  notes: SCOPES.notesRead,
  files: SCOPES.filesRead,
  calendar: SCOPES.calendarRead,
  contacts: SCOPES.contactsRead,
};

/** `nc_search`: ranked search over the caller's background-synced Nextcloud content. */
export const searchIndexTool = defineTool({
  name: 'nc_search',
  title: 'Search synced content',
  description:
    'Ranked full-text search over the notes, files, calendar events, tasks and contacts background sync indexed for the user, with snippets. Needs background access.',
  family: 'background',
  scopes: [],
  inputSchema: {
    query: z.string().trim().min(1).max(200).describe('Words to find (no query syntax).'),
    families: z.array(z.enum(INDEX_FAMILIES)).max(4).optional(),
    modifiedSince: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(50).optional().describe('Default 10.'),
  },
  outputSchema: {
    hits: z.array(
      z.object({
        family: z.string(),
        id: z.string(),
        title: z.string(),
        link: z.string(),
        modified: z.string(),
        snippet: z.string(),
      }),
    ),
    message: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, context) {
    const background = backgroundOf(context);
    const readable = readableFamilies(context, input.families);
    if (readable.length === 0) {
      return { hits: [], message: 'The token allows reading none of the requested families.' };
    }
    const index = await background.index();
    if (!index) {
      const granted = await isGranted(context);
      return {
        hits: [],
        message: granted
          ? 'Background sync has not indexed anything yet; try again after the first sync (nc_sync_now).'
          : `Background access is not granted. ${background.howToGrant}`,
      };
    }
    const limit = input.limit ?? 10;
    // Over-fetch a little: hits whose item is gone or no longer shared are dropped below.
    const found = await index.search(background.userId, input.query, {
      families: readable,
      limit: Math.min(100, limit * 2),
      ...(input.modifiedSince ? { modifiedSince: Date.parse(input.modifiedSince) } : {}),
    });
    const visible = (await stillVisible(found, context)).slice(0, limit);
    return { hits: visible.map(toHit) };
  },
});

function readableFamilies(context: ToolContext, wanted: readonly IndexFamily[] | undefined): IndexFamily[] {
  const held = context.grantedScopes ?? [];
  return (wanted ?? INDEX_FAMILIES).filter((family) => {
    const scope = READ_SCOPE[family];
    return scope !== undefined && held.includes(scope);
  });
}

function toHit(hit: SearchHit) {
  return {
    family: hit.family,
    id: hit.id,
    title: hit.title,
    link: hit.link,
    modified: new Date(hit.modifiedAt).toISOString(),
    snippet: hit.snippet,
  };
}

/** The read scope each re-checkable family needs. */
export const RECHECK_SCOPES = READ_SCOPE;
