import { isNextcloudError, NextcloudError } from '../errors.js';
import type { HttpCore } from '../http.js';
import { ocsRequest } from '../ocs.js';
import type { TokenSource } from '../tokenSource.js';
import { messageFor } from '../toNextcloudError.js';
import { type SearchPage, type SearchProvider, toSearchPage, toSearchProviders } from './searchResult.js';

/** Options of {@link SearchApi.search}. */
export interface SearchOptions {
  /** Results per page; Nextcloud's default is 5. Providers that do not page (notes) ignore it. */
  limit?: number;
  /** The `cursor` of the previous page of the same provider and term. */
  cursor?: string;
}

/** Nextcloud's unified search (core, OCS): the providers, and one provider's results. */
export interface SearchApi {
  /** The providers present for the user, in Nextcloud's order. */
  listProviders(): Promise<SearchProvider[]>;
  /**
   * One page of `providerId`'s results for `term`. An id no provider has is a `unknown_search_provider`
   * error, never a generic server error; an empty term is refused before anything is sent.
   */
  search(providerId: string, term: string, options?: SearchOptions): Promise<SearchPage>;
}

const PROVIDERS = '/ocs/v2.php/search/providers';

/** Builds the unified-search part of a session; the providers list is read at most once per session. */
export function createSearchApi(http: HttpCore, tokenSource: TokenSource): SearchApi {
  let listing: Promise<SearchProvider[]> | undefined;

  function listProviders(): Promise<SearchProvider[]> {
    listing ??= ocsRequest(http, tokenSource, { method: 'GET', path: PROVIDERS }).then(
      (data) => toSearchProviders(data, http.baseUrl),
      (error: unknown) => {
        listing = undefined; // a failed read is not kept
        throw error;
      },
    );
    return listing;
  }

  async function search(providerId: string, term: string, options: SearchOptions = {}): Promise<SearchPage> {
    // Nextcloud answers 400 "No valid filters provided" (search/013–014): say so without the round trip.
    if (term.trim() === '') throw new NextcloudError('bad_request', 'The search term must not be empty');
    // The answer does not name the provider's app; the list does, and tells an unknown id from a crash.
    const providers = listProviders().catch(() => undefined);
    let data: unknown;
    try {
      data = await ocsRequest(http, tokenSource, {
        method: 'GET',
        path: `${PROVIDERS}/${encodeURIComponent(providerId)}/search`,
        query: { term, limit: options.limit, cursor: options.cursor },
      });
    } catch (error) {
      throw unknownProvider(error, providerId, await providers) ?? error;
    }
    const appId = (await providers)?.find((provider) => provider.id === providerId)?.appId ?? '';
    return toSearchPage(data, { id: providerId, appId }, http.baseUrl);
  }

  return { listProviders, search };
}

/**
 * An unknown id is a bare OCS 996 / HTTP 500 (search/010, 015), the same answer as a provider that
 * crashed: the providers list tells the two apart. Without the list the server error stands.
 */
function unknownProvider(
  error: unknown,
  providerId: string,
  providers: readonly SearchProvider[] | undefined,
): NextcloudError | undefined {
  if (!isNextcloudError(error) || error.status !== 500 || providers === undefined) return undefined;
  if (providers.some((provider) => provider.id === providerId)) return undefined;
  return new NextcloudError('unknown_search_provider', messageFor('unknown_search_provider'), {
    status: 500,
    cause: error,
  });
}
