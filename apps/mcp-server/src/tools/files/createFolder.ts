import { isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { filePathInput } from './fileShapes.js';
import { currentEntry, folderLabel, parentOf, writablePath } from './writeTargets.js';

const MAX_DEPTH = 64;

/** `nc_files_mkdir`: creates a folder, optionally with its missing parents. */
export const createFolderTool = defineTool({
  name: 'nc_files_mkdir',
  title: 'Create a folder',
  description:
    'Create a folder. With parents: true, missing parent folders are created too and an existing folder is ' +
    'fine; without it, an existing path or a missing parent is an error.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: {
    path: filePathInput.describe('Path of the new folder relative to your files root, e.g. "Docs/2026"'),
    parents: z.boolean().optional().describe('Create missing parent folders; accept an existing folder'),
  },
  outputSchema: {
    path: z.string(),
    created: z.boolean().describe('false when the folder already existed (parents: true)'),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ path, parents }, { nextcloud }) {
    const target = writablePath('path', path);
    const segments = target.split('/');
    if (segments.length > MAX_DEPTH) throw new ToolInputError(`path: at most ${MAX_DEPTH} folder levels`);
    if (!parents) {
      await makeOne(nextcloud, target, false);
      return { path: target, created: true };
    }
    let created = false;
    for (let i = 1; i <= segments.length; i++) {
      created = await makeOne(nextcloud, segments.slice(0, i).join('/'), true);
    }
    return { path: target, created };
  },
});

// One MKCOL: true when created, false when a folder was already there and `existingIsFine`.
async function makeOne(nextcloud: NextcloudSession, path: string, existingIsFine: boolean): Promise<boolean> {
  try {
    await nextcloud.webdav.mkcol(path);
    return true;
  } catch (error) {
    if (!isNextcloudError(error, 'conflict')) throw error;
    // MKCOL into a missing parent answers 409 (webdav/007); onto an existing path 405 (webdav/006).
    if (error.status === 409) {
      throw new ToolStateError(
        'not_found',
        `Not found: the folder "${folderLabel(parentOf(path))}" does not exist; pass parents: true to create it too.`,
        { cause: error },
      );
    }
    const existing = await currentEntry(nextcloud, path);
    if (existing?.type === 'file') {
      throw new ToolStateError('conflict', `Conflict: "${path}" is a file, not a folder.`, { cause: error });
    }
    if (existingIsFine) return false;
    throw new ToolStateError(
      'conflict',
      `Conflict: the folder "${path}" already exists (pass parents: true to accept an existing folder).`,
      { cause: error },
    );
  }
}
