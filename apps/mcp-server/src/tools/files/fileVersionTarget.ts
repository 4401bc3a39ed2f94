import { type DavEntry, isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { checkPathInput } from './fileShapes.js';

/** The file whose versions a tool works on: its entry, with the file id the versions API needs. */
export async function versionedFile(
  nextcloud: NextcloudSession,
  path: string,
): Promise<DavEntry & { fileId: number }> {
  const normalized = checkPathInput('path', path);
  let entry: DavEntry | undefined;
  try {
    [entry] = await nextcloud.webdav.propfind(normalized, { depth: 0 });
  } catch (error) {
    if (!isNextcloudError(error, 'not_found')) throw error;
  }
  // Another user's root answers 207 with an empty stub (quirk 17): no etag, no file id.
  if (entry === undefined || entry.etag === '' || entry.fileId === undefined) {
    throw new ToolStateError('not_found', `Not found: "${normalized}" does not exist or you cannot see it.`);
  }
  if (entry.type === 'folder') throw new ToolInputError('path: is a folder; only files have versions');
  return { ...entry, fileId: entry.fileId };
}
