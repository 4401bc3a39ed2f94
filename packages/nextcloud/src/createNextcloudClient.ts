import { createSilentLogger, type Logger } from '@nc-mcp/logger';
import { type CaldavApi, createCaldavApi } from './caldav/createCaldavApi.js';
import { type CalendarApi, createCalendarApi } from './caldav/createCalendarApi.js';
import { createTasksApi, type TasksApi } from './caldav/createTasksApi.js';
import { type ContactsApi, createContactsApi } from './carddav/createContactsApi.js';
import { createHttpCore } from './http.js';
import { createNotesApi, type NotesApi } from './notes/createNotesApi.js';
import { type Capabilities, type CurrentUser, ocsGet, toCapabilities, toCurrentUser } from './ocs.js';
import { createSearchApi, type SearchApi } from './search/createSearchApi.js';
import { createSharingApi, type SharingApi } from './sharing/createSharingApi.js';
import type { TokenSource } from './tokenSource.js';
import { createUserIdCache } from './userIdCache.js';
import { createWebdavApi, type WebdavApi } from './webdav/createWebdavApi.js';
import { type SyncCollectionResult, syncCollection } from './webdav/syncCollection.js';

/** Options of {@link createNextcloudClient}. */
export interface NextcloudClientOptions {
  /** Nextcloud's base URL, e.g. 'https://cloud.example.com' or 'https://example.com/nextcloud'. */
  baseUrl: string;
  /** Per-request deadline including the body; default 15000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger?: Logger;
  /** How long a subject's Nextcloud user id is reused; default 300. */
  userIdCacheTtlSeconds?: number;
}

/** Nextcloud for one caller: every request carries that caller's bearer token. */
export interface NextcloudSession {
  /** The Nextcloud user id from `/ocs/v2.php/cloud/user` (cached per subject); may be a hash, not the username. */
  userId(): Promise<string>;
  ocs: { capabilities(): Promise<Capabilities>; currentUser(): Promise<CurrentUser> };
  webdav: WebdavApi;
  notes: NotesApi;
  /** Unified search (core): the providers and one provider's results. */
  search: SearchApi;
  /** `files_sharing`: shares, public links and the sharee search. */
  sharing: SharingApi;
  /** CardDAV: address books and contacts (vCard edits keep untouched lines byte for byte). */
  contacts: ContactsApi;
  /** Raw CalDAV on the user's calendar home (calendars, calendar-query, objects, sync). */
  caldav: CaldavApi;
  /** Events (VEVENT) of the user's calendars, parsed and expanded with ical.js. */
  calendar: CalendarApi;
  /** Tasks (VTODO) of the user's calendars. */
  tasks: TasksApi;
  /**
   * RFC 6578 sync-collection on any DAV collection (a calendar, an address book): `path` is the encoded
   * path, e.g. `/remote.php/dav/addressbooks/users/<uid>/contacts/`.
   */
  syncCollection(path: string, syncToken: string | undefined): Promise<SyncCollectionResult>;
}

/** A Nextcloud client shared by all callers; it holds the user-id cache keyed by token subject. */
export interface NextcloudClient {
  /** A cheap per-caller view; create one per request. */
  session(tokenSource: TokenSource): NextcloudSession;
}

/** Creates the typed Nextcloud client (OCS, WebDAV, Notes, sharing) for bearer-token callers. */
export function createNextcloudClient(options: NextcloudClientOptions): NextcloudClient {
  const url = new URL(options.baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('Nextcloud baseUrl must be an http(s) URL');
  }
  const logger = (options.logger ?? createSilentLogger()).child({ component: 'nextcloud' });
  const http = createHttpCore({
    baseUrl: `${url.origin}${url.pathname}`,
    timeoutMs: options.timeoutMs ?? 15_000,
    fetch: options.fetch ?? globalThis.fetch,
    logger,
  });
  const userIds = createUserIdCache(options.userIdCacheTtlSeconds ?? 300);

  return {
    session(tokenSource) {
      async function currentUser(): Promise<CurrentUser> {
        const user = toCurrentUser(await ocsGet(http, tokenSource, '/ocs/v2.php/cloud/user'));
        if (tokenSource.subject !== '') userIds.set(tokenSource.subject, user.id);
        return user;
      }
      // Without a subject there is no safe cache key: sharing one entry would hand one caller's uid to another.
      const userId = async () =>
        tokenSource.subject === ''
          ? (await currentUser()).id
          : userIds.get(tokenSource.subject, async () => (await currentUser()).id);
      const caldav = createCaldavApi({ http, tokenSource, userId });
      return {
        userId,
        ocs: {
          currentUser,
          capabilities: async () =>
            toCapabilities(await ocsGet(http, tokenSource, '/ocs/v2.php/cloud/capabilities')),
        },
        webdav: createWebdavApi(http, tokenSource, userId),
        notes: createNotesApi(http, tokenSource),
        search: createSearchApi(http, tokenSource),
        sharing: createSharingApi(http, tokenSource),
        caldav,
        calendar: createCalendarApi(caldav),
        tasks: createTasksApi(caldav),
        syncCollection: (path, syncToken) => syncCollection({ http, tokenSource }, path, syncToken),
        contacts: createContactsApi({ http, tokenSource, userId }),
      };
    },
  };
}
