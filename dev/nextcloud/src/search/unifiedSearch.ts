import type { Request } from 'express';
import { type OcsResult, ocsFailure, ocsOk } from '../ocs/ocsResponse.js';
import type { UserAccount } from '../store/userStore.js';
import { type SearchProvider, searchProviders } from './searchProviders.js';

// Nextcloud's SearchQuery::LIMIT_DEFAULT: no `limit` means 5 (search/002: three matches, cursor 5).
const DEFAULT_LIMIT = 5;

/** The app a `from` route names (`/apps/files`, `/index.php/apps/files/…`), for the providers' order. */
function fromApp(req: Request): string | undefined {
  const from = typeof req.query.from === 'string' ? req.query.from : '';
  return /^(?:\/index\.php)?\/apps\/([^/?#]+)/.exec(from)?.[1];
}

function sorted(providers: readonly SearchProvider[], app: string | undefined): SearchProvider[] {
  return [...providers].sort((a, b) => a.order(app) - b.order(app));
}

/** Unified search (`/search/providers…`) over the providers the double has: files, and notes with the app. */
export function createUnifiedSearch(apps: { notes: boolean }) {
  const providers = searchProviders(apps);
  return {
    /** `GET /search/providers`: sorted by order, which `from` changes (search/001, 017). */
    list(req: Request): OcsResult {
      const app = fromApp(req);
      return ocsOk(
        sorted(providers, app).map((provider) => ({
          id: provider.id,
          appId: provider.appId,
          name: provider.name,
          icon: provider.icon,
          order: provider.order(app),
          isExternalProvider: false,
          triggers: [provider.id],
          filters: provider.filters,
          inAppSearch: false,
        })),
      );
    },

    /**
     * `GET /search/providers/{id}/search`: an empty or missing `term` is 400 "No valid filters provided"
     * (search/013–014); an id that is not a provider's (an app id such as `deck` included) is a bare
     * OCS 996 / HTTP 500, not a 404 (search/010, 015).
     */
    search(user: UserAccount, encodedId: string, req: Request): OcsResult {
      const term = typeof req.query.term === 'string' ? req.query.term : '';
      if (term === '') return { statuscode: 400, message: '', data: 'No valid filters provided' };
      const providerId = decoded(encodedId);
      const provider = providers.find((candidate) => candidate.id === providerId);
      if (!provider) return ocsFailure(996, 'Internal Server Error\n');
      const limit = integer(req.query.limit) ?? DEFAULT_LIMIT;
      const cursor = integer(req.query.cursor) ?? 0;
      const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      return ocsOk(
        provider.search({ user, term, limit: Math.max(limit, 0), cursor: Math.max(cursor, 0), baseUrl }),
      );
    },
  };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function integer(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
