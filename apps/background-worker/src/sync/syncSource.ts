import type { Logger } from '@nc-mcp/logger';
import type { NextcloudSession } from '@nc-mcp/nextcloud';
import type { IndexFamily, SearchIndex } from '@nc-mcp/search-index';

/** What a source needs for one user's sync. */
export interface SyncContext {
  userId: string;
  /** Nextcloud as the user, with background tokens only. */
  nextcloud: NextcloudSession;
  index: SearchIndex;
  logger: Logger;
  /**
   * Folders (normalised, relative to the files root) that a family synced earlier in this run indexes
   * itself, such as the Notes folder: the files family leaves them out, so one item is one hit.
   */
  coveredFolders?: readonly string[];
}

/** What one source changed in the index, and what it could not do (short, user-safe texts). */
export interface SourceResult {
  upserted: number;
  deleted: number;
  errors: string[];
  /** Folders this family indexes itself (see {@link SyncContext.coveredFolders}). */
  covers?: string[];
}

/**
 * One content family's incremental sync into the index. It skips what the index already holds at the
 * same etag, fetches what changed, and deletes what is gone. Failures that concern one item are
 * reported in `errors`; failures that concern the whole user (credentials, outage) are thrown.
 */
export interface SyncSource {
  readonly family: IndexFamily;
  /** The background scope the user must have granted for this family. */
  readonly scope: string;
  sync(context: SyncContext): Promise<SourceResult>;
}
