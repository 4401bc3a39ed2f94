import { isNextcloudError, type SearchPage, type SearchProvider } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { mapBounded } from './mapBounded.js';
import {
  type ProviderReport,
  providerReportShape,
  type SearchHit,
  searchHitShape,
  toHit,
} from './searchShapes.js';

// Providers asked at once when none is named: enough to overlap their latency, few enough to spare the server.
const CONCURRENCY = 4;

/** `nc_unified_search`: Nextcloud's unified search, one provider or all of them. */
export const unifiedSearchTool = defineTool({
  name: 'nc_unified_search',
  title: 'Search Nextcloud',
  description:
    'Search the user’s Nextcloud with its unified search: one provider (ids from nc_search_providers) or all. ' +
    'Each hit has a link and its app; page one provider with its nextCursor.',
  family: 'search',
  scopes: [SCOPES.searchRead],
  inputSchema: {
    term: z.string().trim().min(1).max(200).describe('What to look for'),
    provider: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a provider id from nc_search_providers')
      .optional()
      .describe('One provider id, e.g. "files"; default: every provider'),
    limit: z.number().int().min(1).max(25).default(5).describe('Results per provider'),
    cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page; needs provider'),
  },
  outputSchema: {
    results: z.array(z.object(searchHitShape)),
    providers: z.array(z.object(providerReportShape)),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ term, provider, limit, cursor }, { nextcloud, logger }) {
    if (cursor !== undefined && provider === undefined)
      throw new ToolInputError('cursor: a cursor belongs to one provider; name it in provider');
    if (provider !== undefined) {
      const page = await nextcloud.search
        .search(provider, term, { limit, ...(cursor === undefined ? {} : { cursor }) })
        .catch((error: unknown) => {
          if (!isNextcloudError(error, 'unknown_search_provider')) throw error;
          throw new ToolStateError(
            'not_found',
            `Unknown search provider "${provider}": nc_search_providers lists the ids (not always app ids).`,
            { cause: error },
          );
        });
      // Read once per call already (the client needs it to name the app); this reuses that read.
      const listed = await nextcloud.search.listProviders().catch(() => []);
      const { hits, report } = summarise(
        page,
        limit,
        listed.find((entry) => entry.id === provider),
      );
      return { results: hits, providers: [report] };
    }
    // External providers search outside Nextcloud; they are searched only when named.
    const providers = (await nextcloud.search.listProviders()).filter((entry) => !entry.isExternal);
    const outcomes = await mapBounded(providers, CONCURRENCY, (entry) =>
      nextcloud.search.search(entry.id, term, { limit }),
    );
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    // A refusal of the user's access (or every provider failing) is the call's failure, not a provider's.
    const denied = failures.find((outcome) => isNextcloudError(outcome.reason, 'unauthorized'));
    if (denied) throw denied.reason;
    if (failures.length > 0 && failures.length === outcomes.length) throw failures[0]?.reason;
    const results: SearchHit[] = [];
    const reports: ProviderReport[] = [];
    outcomes.forEach((outcome, index) => {
      const entry = providers[index] as SearchProvider;
      if (outcome.status === 'rejected') {
        const errorCode = (outcome.reason as { code?: unknown } | null)?.code ?? 'unknown';
        logger.info({ provider: entry.id, errorCode }, 'a search provider failed; the others answered');
        reports.push({ id: entry.id, app: entry.appId, name: entry.name, returned: 0, failed: true });
        return;
      }
      const { hits, report } = summarise(outcome.value, limit, entry);
      results.push(...hits);
      reports.push(report);
    });
    return { results, providers: reports };
  },
});

/**
 * A page cut to `limit` (providers that do not page, such as notes, return every match) and its report.
 * A paginated provider hands out a cursor even after its last match (search/005), so a next page is
 * offered only when this one came back full.
 */
function summarise(
  page: SearchPage,
  limit: number,
  provider: SearchProvider | undefined,
): { hits: SearchHit[]; report: ProviderReport } {
  const hits = page.results.slice(0, limit).map(toHit);
  const report: ProviderReport = {
    id: page.providerId,
    app: provider?.appId ?? '',
    name: provider?.name ?? page.name,
    returned: hits.length,
  };
  if (page.isPaginated && page.cursor !== undefined && page.results.length >= limit)
    report.nextCursor = page.cursor;
  if (!page.isPaginated && page.results.length > limit) report.truncated = true;
  return { hits, report };
}
