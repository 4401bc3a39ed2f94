import type { BackgroundTokenClient } from '@nc-mcp/broker-client/background';
import type { Logger } from '@nc-mcp/logger';
import { isNextcloudError, type NextcloudClient } from '@nc-mcp/nextcloud';
import type { SearchIndex, SyncState } from '@nc-mcp/search-index';
import { openBackgroundAccess } from './backgroundTokens.js';
import type { SyncSource } from './syncSource.js';

/** What a user's sync needs; shared by every job of a worker. */
export interface SyncDependencies {
  tokens: BackgroundTokenClient;
  nextcloud: NextcloudClient;
  index: SearchIndex;
  sources: readonly SyncSource[];
}

/** What one sync did. */
export interface SyncReport {
  state: SyncState;
  families: string[];
  upserted: number;
  deleted: number;
  errors: string[];
}

// Failures that concern one family only (its app missing, an odd answer): the other families go on.
function familyLocal(error: unknown): boolean {
  return (
    isNextcloudError(error, 'not_found') ||
    isNextcloudError(error, 'bad_request') ||
    isNextcloudError(error, 'protocol')
  );
}

/**
 * Syncs one user: the broker says which scopes were granted, each granted family's source runs with
 * tokens narrowed to its scope, and the outcome is recorded in the index. Failures that concern the
 * whole user (broker, credentials, outage) are thrown for the job to classify.
 */
export async function syncUser(deps: SyncDependencies, userId: string, logger: Logger): Promise<SyncReport> {
  const access = await openBackgroundAccess(deps.tokens, userId);
  const sources = deps.sources.filter((source) => access.granted.includes(source.scope));
  const report: SyncReport = { state: 'ok', families: [], upserted: 0, deleted: 0, errors: [] };
  const coveredFolders: string[] = [];
  for (const source of sources) {
    const nextcloud = deps.nextcloud.session(access.tokenSource([source.scope]));
    const sourceLogger = logger.child({ family: source.family });
    try {
      const result = await source.sync({
        userId,
        nextcloud,
        index: deps.index,
        logger: sourceLogger,
        coveredFolders,
      });
      coveredFolders.push(...(result.covers ?? []));
      report.families.push(source.family);
      report.upserted += result.upserted;
      report.deleted += result.deleted;
      report.errors.push(...result.errors);
    } catch (error) {
      if (!familyLocal(error)) throw error;
      sourceLogger.warn({ errorCode: (error as { code?: string }).code }, 'family skipped');
      report.errors.push(`${source.family}: ${error instanceof Error ? error.message : 'failed'}`);
    }
  }
  if (report.errors.length > 0) report.state = 'partial';
  const counts = await deps.index.counts(userId);
  await deps.index.recordSync(userId, {
    at: Date.now(),
    state: report.state,
    items: Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0),
    errors: report.errors,
  });
  return report;
}
