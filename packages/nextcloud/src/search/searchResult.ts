import { protocolError } from '../http.js';

/** A unified-search provider as `GET /ocs/v2.php/search/providers` lists it. */
export interface SearchProvider {
  /** What `search` takes; not the app id (deck's are `search-deck-card-board`, `search-deck-comment`). */
  id: string;
  /** The app the provider belongs to. */
  appId: string;
  name: string;
  /** Nextcloud's display order, smallest first. */
  order: number;
  /** The provider searches outside Nextcloud (e.g. a web search). */
  isExternal: boolean;
  /** Absolute URL of the provider's icon, when it has one. */
  iconUrl: string | undefined;
}

/** One search hit, the same shape for every provider. */
export interface SearchResult {
  title: string;
  /** Provider-specific context: "in Reports" for a file, an excerpt for a note; may be ''. */
  subline: string;
  /** Absolute URL of the item in Nextcloud's web interface; undefined when the provider gave none usable. */
  url: string | undefined;
  providerId: string;
  appId: string;
  /** Absolute thumbnail URL (files have previews), when present. */
  thumbnailUrl: string | undefined;
  /** Absolute icon URL, when the provider gave an image path rather than a CSS class. */
  iconUrl: string | undefined;
}

/** One page of one provider's results. */
export interface SearchPage {
  providerId: string;
  /** The provider's display name in the answer (e.g. "Files"). */
  name: string;
  /** Whether the provider pages (files does; notes returns every match at once and ignores `limit`). */
  isPaginated: boolean;
  /** Pass back as `cursor` for the next page; undefined when the provider gave none. */
  cursor: string | undefined;
  results: SearchResult[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * `value` as an absolute http(s) URL: relative paths are Nextcloud's own (they already include any
 * web root) and are resolved against the server's origin; other schemes (`javascript:`) and CSS class
 * names (`icon-notes-trans`) are not links and give undefined.
 */
export function absoluteUrl(value: unknown, baseUrl: string): string | undefined {
  const text = str(value).trim();
  if (text === '') return undefined;
  if (!/^https?:\/\//i.test(text) && !text.startsWith('/')) return undefined;
  const url = URL.parse(text, `${baseUrl}/`);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : undefined;
}

/** Reads the providers list; entries without a string id are dropped. */
export function toSearchProviders(data: unknown, baseUrl: string): SearchProvider[] {
  if (!Array.isArray(data)) throw protocolError();
  return data.filter(isObject).flatMap((entry) => {
    const id = str(entry.id);
    if (id === '') return [];
    return [
      {
        id,
        appId: str(entry.appId),
        name: str(entry.name) || id,
        order: typeof entry.order === 'number' ? entry.order : 0,
        isExternal: entry.isExternalProvider === true,
        iconUrl: absoluteUrl(entry.icon, baseUrl),
      },
    ];
  });
}

/** Reads one provider's answer (`{name, isPaginated, entries, cursor}`) into a {@link SearchPage}. */
export function toSearchPage(
  data: unknown,
  provider: { id: string; appId: string },
  baseUrl: string,
): SearchPage {
  if (!isObject(data) || !Array.isArray(data.entries)) throw protocolError();
  const cursor = data.cursor;
  return {
    providerId: provider.id,
    name: str(data.name),
    isPaginated: data.isPaginated === true,
    cursor:
      typeof cursor === 'number' || (typeof cursor === 'string' && cursor !== '')
        ? String(cursor)
        : undefined,
    results: data.entries.filter(isObject).map((entry) => ({
      title: str(entry.title),
      subline: str(entry.subline),
      url: absoluteUrl(entry.resourceUrl, baseUrl),
      providerId: provider.id,
      appId: provider.appId,
      thumbnailUrl: absoluteUrl(entry.thumbnailUrl, baseUrl),
      iconUrl: absoluteUrl(entry.icon, baseUrl),
    })),
  };
}
