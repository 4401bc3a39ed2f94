import { type DavEntry, isNextcloudError, normalizeUserPath } from '@nc-mcp/nextcloud';
import type { IndexItem } from '@nc-mcp/search-index';
import type { SourceResult, SyncContext, SyncSource } from './syncSource.js';

/** Text files up to this size have their content indexed; others only their name and path. */
export const MAX_TEXT_FILE_BYTES = 256 * 1024;
const FLUSH_EVERY = 100;

/** Index id of a folder: its path with a trailing '/', the root being '/'. Files keep their path. */
export function folderId(path: string): string {
  return `${path}/`;
}

/** The folder id an item id sits in. */
export function parentId(id: string): string {
  const trimmed = id.endsWith('/') ? id.slice(0, -1) : id;
  const cut = trimmed.lastIndexOf('/');
  return cut < 0 ? '/' : `${trimmed.slice(0, cut)}/`;
}

function isText(entry: DavEntry): boolean {
  return (entry.contentType ?? '').toLowerCase().startsWith('text/');
}

/** One user's walk: what the index held, what is written, and what went wrong. */
class FilesWalk {
  private readonly pending: IndexItem[] = [];
  private readonly childrenOf = new Map<string, string[]>();
  readonly result: SourceResult = { upserted: 0, deleted: 0, errors: [] };
  readonly propfinds: string[] = [];

  private readonly covered: ReadonlySet<string>;

  constructor(
    private readonly context: SyncContext,
    private readonly known: Map<string, string>,
  ) {
    this.covered = new Set((context.coveredFolders ?? []).map(normalizeUserPath));
    for (const id of known.keys()) {
      if (id === '/') continue;
      const parent = parentId(id);
      this.childrenOf.set(parent, [...(this.childrenOf.get(parent) ?? []), id]);
    }
  }

  private async queue(item: IndexItem): Promise<void> {
    this.pending.push(item);
    if (this.pending.length >= FLUSH_EVERY) await this.flush();
  }

  async flush(): Promise<void> {
    const items = this.pending.splice(0);
    await this.context.index.upsertItems(this.context.userId, items);
    this.result.upserted += items.length;
  }

  private async fileItem(entry: DavEntry): Promise<IndexItem | undefined> {
    let content = entry.path;
    if (isText(entry) && (entry.size ?? 0) <= MAX_TEXT_FILE_BYTES) {
      try {
        const file = await this.context.nextcloud.webdav.getBytes(entry.path, {
          maxBytes: MAX_TEXT_FILE_BYTES,
        });
        if (file.bytes !== undefined) content = new TextDecoder('utf-8').decode(file.bytes);
      } catch (error) {
        if (isNextcloudError(error, 'not_found')) return undefined;
        // One unreadable file (locked, refused by an access rule) must not stop the user's sync.
        if (isNextcloudError(error, 'forbidden') || isNextcloudError(error, 'locked')) {
          this.result.errors.push(`files: ${entry.path} could not be read`);
          return undefined;
        }
        throw error;
      }
    }
    return {
      family: 'files',
      id: entry.path,
      title: entry.name,
      content,
      link: entry.path,
      etag: entry.etag,
      modifiedAt: entry.lastModified ? Date.parse(entry.lastModified) || 0 : 0,
    };
  }

  /** Removes an item the server no longer has, with everything the index held below it. */
  private gone(id: string): string[] {
    return id.endsWith('/') ? [...this.known.keys()].filter((known) => known.startsWith(id)) : [id];
  }

  /**
   * Syncs one folder. Its own row (with its etag) is written last, and only when everything below it
   * was read: an interrupted or partly failed walk is redone next time, never pruned as unchanged.
   * Returns whether the subtree is complete.
   */
  async walk(path: string, isRoot = false): Promise<boolean> {
    this.propfinds.push(path);
    const [self, ...children] = await this.context.nextcloud.webdav.propfind(path, { depth: 1 });
    if (self === undefined) return false;
    const id = isRoot ? '/' : folderId(path);
    if (isRoot && self.etag !== '' && this.known.get(id) === self.etag) return true;
    let complete = true;
    const seen = new Set<string>();
    for (const child of children) {
      if (child.type === 'folder') {
        const childId = folderId(child.path);
        // Indexed by its own family (the Notes folder): left out, and what the index held there goes.
        if (this.covered.has(normalizeUserPath(child.path))) continue;
        seen.add(childId);
        // Nextcloud changes a folder's etag whenever anything below it changes: same etag, same subtree.
        if (child.etag !== '' && this.known.get(childId) === child.etag) continue;
        complete = (await this.walk(child.path)) && complete;
        continue;
      }
      seen.add(child.path);
      if (child.etag !== '' && this.known.get(child.path) === child.etag) continue;
      const item = await this.fileItem(child);
      if (item === undefined) complete = false;
      else await this.queue(item);
    }
    const removed = (this.childrenOf.get(id) ?? [])
      .filter((known) => !seen.has(known))
      .flatMap((known) => this.gone(known));
    if (removed.length > 0) {
      await this.flush();
      await this.context.index.deleteItems(this.context.userId, 'files', removed);
      this.result.deleted += removed.length;
    }
    await this.queue({
      family: 'files',
      id,
      title: isRoot ? '' : self.name,
      content: isRoot ? '' : path,
      link: path,
      // An empty etag never equals a listed one: the folder is walked again next time.
      etag: complete ? self.etag : '',
      modifiedAt: self.lastModified ? Date.parse(self.lastModified) || 0 : 0,
    });
    return complete;
  }
}

/** Files over WebDAV: a PROPFIND walk of the user's home, pruned where a folder's etag is unchanged. */
export const filesSource: SyncSource = {
  family: 'files',
  scope: 'files.read',
  async sync(context): Promise<SourceResult> {
    const known = await context.index.listItemStates(context.userId, 'files');
    const walk = new FilesWalk(context, known);
    await walk.walk('', true);
    await walk.flush();
    context.logger.debug({ propfinds: walk.propfinds.length }, 'files walked');
    return walk.result;
  },
};
