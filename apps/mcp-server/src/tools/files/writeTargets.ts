import { type DavEntry, isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { ToolInputError } from '../toolErrors.js';
import { checkPathInput } from './fileShapes.js';

/**
 * A path input that a write changes: checked like every path input (naming `field` when refused), and
 * never the files root itself.
 */
export function writablePath(field: string, path: string): string {
  const normalized = checkPathInput(field, path);
  if (normalized === '') throw new ToolInputError(`${field}: name a file or folder below the files root`);
  return normalized;
}

/** The folder a normalised path lives in ('' for the root). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** How a folder is named in a message: the root reads "/". */
export function folderLabel(path: string): string {
  return path === '' ? '/' : path;
}

/** The entry at `path` as it is now, or undefined when it does not exist (any other failure is thrown). */
export async function currentEntry(nextcloud: NextcloudSession, path: string): Promise<DavEntry | undefined> {
  try {
    const [entry] = await nextcloud.webdav.propfind(path, { depth: 0 });
    return entry;
  } catch (error) {
    if (isNextcloudError(error, 'not_found')) return undefined;
    throw error;
  }
}
