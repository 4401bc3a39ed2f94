import { type DavEntry, isNextcloudError, normalizeUserPath, shareKindOf } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { ToolInputError } from '../toolErrors.js';

/**
 * One file or folder as the files tools show it. `shareTypes` comes from `oc:share-types` (sharing/022):
 * how the caller shared the item themselves; items others shared with the caller do not carry it.
 */
export const fileEntryShape = {
  path: z.string().describe('Path relative to the files root, e.g. "Docs/a.txt" ("" is the root)'),
  name: z.string(),
  type: z.enum(['file', 'folder']),
  size: z.number().int().optional().describe('Bytes (a folder: everything inside it)'),
  modified: z.string().optional().describe('Last modification, ISO 8601'),
  etag: z.string(),
  contentType: z.string().optional(),
  favorite: z.boolean(),
  shareTypes: z
    .array(z.enum(['user', 'group', 'link', 'email', 'federated', 'other']))
    .optional()
    .describe('How you shared it (absent: not shared); details via nc_shares_list'),
};

/** A value of {@link fileEntryShape}. */
export type FileEntry = z.infer<z.ZodObject<typeof fileEntryShape>>;

/** Input field: a path relative to the user's files root. */
export const filePathInput = z
  .string()
  .max(4096)
  .describe('Path relative to your files root, e.g. "Docs/report.pdf"; "" or "/" is the root');

/** Projects a WebDAV entry onto {@link fileEntryShape}. */
export function toFileEntry(entry: DavEntry): FileEntry {
  return {
    path: entry.path,
    name: entry.name,
    type: entry.type,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.lastModified === undefined ? {} : { modified: entry.lastModified }),
    etag: entry.etag,
    ...(entry.type === 'file' && entry.contentType !== undefined ? { contentType: entry.contentType } : {}),
    favorite: entry.favorite,
    ...(entry.shareTypes === undefined || entry.shareTypes.length === 0
      ? {}
      : { shareTypes: [...new Set(entry.shareTypes.map(shareKindOf))] }),
  };
}

/**
 * Checks a path input the way the client will (no '..', encoded dot segments, NUL or control
 * characters) and names the input field in the refusal, so the model knows which argument to fix.
 */
export function checkPathInput(field: string, path: string): string {
  try {
    return normalizeUserPath(path);
  } catch (error) {
    if (isNextcloudError(error, 'invalid_path')) throw new ToolInputError(`${field}: ${error.message}`);
    throw error;
  }
}
