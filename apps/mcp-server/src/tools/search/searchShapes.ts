import type { SearchResult } from '@nc-mcp/nextcloud';
import { z } from 'zod';

/** One hit of the unified search, the same shape for every provider. */
export const searchHitShape = {
  title: z.string(),
  subline: z.string().optional().describe('Context, e.g. the folder or an excerpt'),
  url: z.string().optional().describe('Link to the item in Nextcloud'),
  provider: z.string(),
  app: z.string().describe('The Nextcloud app the hit comes from'),
  thumbnailUrl: z.string().optional(),
};

/** What one provider contributed to a search. */
export const providerReportShape = {
  id: z.string(),
  app: z.string(),
  name: z.string(),
  returned: z.number().int(),
  nextCursor: z.string().optional().describe('More may follow: repeat with this provider and cursor'),
  truncated: z.boolean().optional().describe('More matched than limit and this provider cannot page'),
  failed: z.boolean().optional().describe('This provider failed; the others still answered'),
};

/** A hit as the tool returns it. */
export type SearchHit = z.infer<z.ZodObject<typeof searchHitShape>>;

/** A provider's report as the tool returns it. */
export type ProviderReport = z.infer<z.ZodObject<typeof providerReportShape>>;

/** Projects a client result onto {@link searchHitShape}, leaving out what is empty. */
export function toHit(result: SearchResult): SearchHit {
  return {
    title: result.title,
    ...(result.subline === '' ? {} : { subline: result.subline }),
    ...(result.url === undefined ? {} : { url: result.url }),
    provider: result.providerId,
    app: result.appId,
    ...(result.thumbnailUrl === undefined ? {} : { thumbnailUrl: result.thumbnailUrl }),
  };
}
