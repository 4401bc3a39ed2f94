import { isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { filePathInput } from './fileShapes.js';
import { folderLabel, parentOf, writablePath } from './writeTargets.js';

/** The inputs of `nc_files_move` and `nc_files_copy`. */
export const transferInputShape = {
  from: filePathInput.describe('The file or folder, relative to your files root'),
  to: filePathInput.describe('Its new path, including the name, e.g. "Archive/report.txt"'),
  overwrite: z
    .boolean()
    .optional()
    .describe('Replace an existing item at "to" (it goes to the trash bin); otherwise that is a conflict'),
};

/** The result of `nc_files_move` and `nc_files_copy`. */
export const transferOutputShape = {
  from: z.string(),
  to: z.string(),
  replaced: z.boolean().describe('true when an existing item at "to" was replaced (and trashed)'),
};

/** Runs a MOVE or COPY with the refusals and messages both tools share. */
export async function transferItem(
  nextcloud: NextcloudSession,
  method: 'move' | 'copy',
  input: { from: string; to: string; overwrite?: boolean | undefined },
): Promise<z.infer<z.ZodObject<typeof transferOutputShape>>> {
  const from = writablePath('from', input.from);
  const to = writablePath('to', input.to);
  if (from === to) throw new ToolInputError('from and to are the same path');
  if (to.startsWith(`${from}/`))
    throw new ToolInputError('to is inside from; a folder cannot go into itself');
  try {
    const { replaced } = await nextcloud.webdav[method](from, to, { overwrite: input.overwrite === true });
    return { from, to, replaced };
  } catch (error) {
    if (!isNextcloudError(error)) throw error;
    if (error.code === 'not_found') {
      throw new ToolStateError('not_found', `Not found: "${from}" does not exist or you cannot see it.`, {
        cause: error,
      });
    }
    // An existing target with Overwrite: F answers 412 (webdav/039, 043).
    if (error.code === 'conflict' && error.status === 412) {
      throw new ToolStateError(
        'conflict',
        `Conflict: "${to}" already exists. Pass overwrite: true to replace it (the old one goes to the trash bin).`,
        { cause: error },
      );
    }
    // A missing destination folder answers 409 (quirk 11, webdav/041).
    if (error.code === 'conflict') {
      throw new ToolStateError(
        'not_found',
        `Not found: the destination folder "${folderLabel(parentOf(to))}" does not exist; create it with nc_files_mkdir first.`,
        { cause: error },
      );
    }
    throw error;
  }
}
