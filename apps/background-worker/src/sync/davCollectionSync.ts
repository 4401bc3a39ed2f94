import { isNextcloudError, type NextcloudSession, type SyncCollectionResult } from '@nc-mcp/nextcloud';
import type { IndexFamily, IndexItem } from '@nc-mcp/search-index';
import type { SourceResult, SyncContext } from './syncSource.js';

/** Members per multiget: one REPORT per batch keeps each answer small. */
export const FETCH_BATCH = 50;

/** A DAV collection (a calendar, an address book) as its home listing shows it. */
export interface DavCollection {
  id: string;
  /** The collection's current sync token from the listing, when it reports one. */
  syncToken?: string | undefined;
}

/** One member to index: its href (the item id), and its name in the collection. */
export interface DavMember {
  href: string;
  name: string;
}

/** What differs between calendars and address books; the sync itself is {@link syncDavCollections}. */
export interface DavCollectionKind {
  family: IndexFamily;
  /** The collections to index (the ones left out have their items removed). */
  collections(session: NextcloudSession): Promise<DavCollection[]>;
  changes(
    session: NextcloudSession,
    collectionId: string,
    syncToken: string | undefined,
  ): Promise<SyncCollectionResult>;
  /**
   * Reads one batch of members and turns them into items; members that are gone are left out, members
   * that cannot be read are reported in `errors` and left out.
   */
  read(
    session: NextcloudSession,
    collectionId: string,
    members: readonly DavMember[],
    errors: string[],
  ): Promise<IndexItem[]>;
}

/** The decoded collection and member names of a member href (`/…/<collection>/<member>`). */
export function memberOf(href: string): { collection: string; name: string } | undefined {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(href) ? new URL(href).pathname : href;
  const segments = path.split('/').filter((segment) => segment !== '');
  const name = segments.at(-1);
  const collection = segments.at(-2);
  if (name === undefined || collection === undefined) return undefined;
  try {
    return { collection: decodeURIComponent(collection), name: decodeURIComponent(name) };
  } catch {
    return undefined;
  }
}

const SABRE_TOKEN = /^http:\/\/sabre\.io\/ns\/sync\/(\d+)$/;

// A remembered token past the collection's own is from another collection of the same name (deleted and
// created again): Nextcloud would answer it with "no changes" (caldav/035), so it must not be used.
function usable(stored: string | undefined, current: string | undefined): string | undefined {
  if (stored === undefined || current === undefined) return stored;
  const storedNumber = SABRE_TOKEN.exec(stored)?.[1];
  const currentNumber = SABRE_TOKEN.exec(current)?.[1];
  if (storedNumber === undefined || currentNumber === undefined) return stored;
  return Number(storedNumber) > Number(currentNumber) ? undefined : stored;
}

/** One user's sync of one family of DAV collections. */
class CollectionsSync {
  readonly result: SourceResult = { upserted: 0, deleted: 0, errors: [] };
  /** Collections listed in full (no usable token), for the log. */
  readonly fullResyncs: string[] = [];

  constructor(
    private readonly kind: DavCollectionKind,
    private readonly context: SyncContext,
  ) {}

  private tokenKey(collectionId: string): string {
    return `${this.kind.family}/${collectionId}`;
  }

  private async remove(hrefs: readonly string[]): Promise<void> {
    if (hrefs.length === 0) return;
    await this.context.index.deleteItems(this.context.userId, this.kind.family, hrefs);
    this.result.deleted += hrefs.length;
  }

  /** The changes since `stored`, or every member (`full`) without a token or when the server refuses it. */
  private async changes(
    collection: DavCollection,
    stored: string | undefined,
  ): Promise<{ changes: SyncCollectionResult; full: boolean }> {
    const { nextcloud } = this.context;
    if (stored !== undefined) {
      try {
        return { changes: await this.kind.changes(nextcloud, collection.id, stored), full: false };
      } catch (error) {
        if (!isNextcloudError(error, 'invalid_sync_token')) throw error;
        this.context.logger.info({ collection: collection.id }, 'sync token refused; full resync');
      }
    }
    this.fullResyncs.push(collection.id);
    return { changes: await this.kind.changes(nextcloud, collection.id, undefined), full: true };
  }

  /** Brings one collection's items up to date and remembers its new token. */
  async syncCollection(
    collection: DavCollection,
    known: ReadonlyMap<string, string>,
    stored: string | undefined,
  ): Promise<void> {
    // Nothing changed since the token remembered: not even a REPORT.
    if (stored !== undefined && stored === collection.syncToken) return;
    const { changes, full } = await this.changes(collection, usable(stored, collection.syncToken));
    const wanted: DavMember[] = [];
    for (const { href, etag } of changes.changed) {
      const member = memberOf(href);
      if (member === undefined || known.get(href) === etag) continue;
      wanted.push({ href, name: member.name });
    }
    for (let start = 0; start < wanted.length; start += FETCH_BATCH) {
      const batch = wanted.slice(start, start + FETCH_BATCH);
      const items = await this.kind.read(this.context.nextcloud, collection.id, batch, this.result.errors);
      await this.context.index.upsertItems(this.context.userId, items);
      this.result.upserted += items.length;
    }
    const present = new Set(changes.changed.map((member) => member.href));
    // A full listing names every member: whatever the index held beyond it is gone.
    const gone = full
      ? [...known.keys()].filter((href) => !present.has(href))
      : changes.deleted.filter((href) => known.has(href));
    await this.remove(gone);
    await this.context.index.setSyncToken(
      this.context.userId,
      this.tokenKey(collection.id),
      changes.syncToken,
    );
  }

  async run(): Promise<void> {
    const { index, userId, nextcloud } = this.context;
    const knownItems = await index.listItemStates(userId, this.kind.family);
    const knownBy = new Map<string, Map<string, string>>();
    for (const [href, etag] of knownItems) {
      const collection = memberOf(href)?.collection ?? '';
      const members = knownBy.get(collection) ?? new Map<string, string>();
      members.set(href, etag);
      knownBy.set(collection, members);
    }
    const tokens = await index.listSyncTokens(userId, `${this.kind.family}/`);
    const collections = await this.kind.collections(nextcloud);
    const listed = new Set(collections.map((collection) => collection.id));
    for (const collection of collections) {
      try {
        await this.syncCollection(
          collection,
          knownBy.get(collection.id) ?? new Map(),
          tokens.get(this.tokenKey(collection.id)),
        );
      } catch (error) {
        // Removed since the listing: the next sync sees it gone. One unreadable collection (a share
        // withdrawn, an odd answer) must not stop the others; outages and credentials stop the user.
        if (isNextcloudError(error, 'not_found')) continue;
        if (
          isNextcloudError(error, 'forbidden') ||
          isNextcloudError(error, 'bad_request') ||
          isNextcloudError(error, 'protocol')
        ) {
          this.result.errors.push(`${this.kind.family}: collection ${collection.id} could not be read`);
          continue;
        }
        throw error;
      }
    }
    // Collections that disappeared (deleted, unshared, now left out): their items and tokens go.
    for (const [collection, members] of knownBy) {
      if (!listed.has(collection)) await this.remove([...members.keys()]);
    }
    for (const key of tokens.keys()) {
      const collection = key.slice(this.kind.family.length + 1);
      if (!listed.has(collection)) await index.setSyncToken(userId, key, undefined);
    }
  }
}

/**
 * Syncs every collection of a DAV family with RFC 6578 sync-collection: only what changed since the
 * remembered token is fetched; a token the server refuses (or one from a re-created collection) means
 * a full listing of that collection, compared with the index's etags.
 */
export async function syncDavCollections(
  kind: DavCollectionKind,
  context: SyncContext,
): Promise<SourceResult> {
  const sync = new CollectionsSync(kind, context);
  await sync.run();
  context.logger.debug({ fullResyncs: sync.fullResyncs.length }, 'collections synced');
  return sync.result;
}
