import { isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError, ToolStateError } from '../toolErrors.js';
import { filePathInput } from './fileShapes.js';
import { currentEntry, folderLabel, parentOf, writablePath } from './writeTargets.js';

/** The largest content `nc_files_write` takes: 10 MiB of UTF-8. */
export const MAX_WRITE_BYTES = 10 * 1024 * 1024;

/** `nc_files_write`: creates or replaces a text file, never overwriting by accident. */
export const writeFileTool = defineTool({
  name: 'nc_files_write',
  title: 'Write a text file',
  description:
    'Create or replace a UTF-8 text file (up to 10 MiB). An existing file is replaced only with the etag you ' +
    'read it with (a changed file is a conflict) or overwrite: true; otherwise it is a conflict. ' +
    'createOnly: true only creates. The folder must exist (nc_files_mkdir).',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: {
    path: filePathInput.describe('Path of the file relative to your files root, e.g. "Docs/notes.txt"'),
    content: z.string().max(MAX_WRITE_BYTES).describe('The whole new content, UTF-8 text'),
    etag: z.string().min(1).max(200).optional().describe('Replace only the version with this etag'),
    createOnly: z.boolean().optional().describe('Only create: an existing file is a conflict'),
    overwrite: z.boolean().optional().describe('Replace an existing file whatever it holds'),
  },
  outputSchema: {
    path: z.string(),
    etag: z.string().describe('The new etag; pass it to the next write of this file'),
    created: z.boolean().describe('true: a new file; false: an existing one was replaced'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ path, content, etag, createOnly, overwrite }, { nextcloud }) {
    const target = writablePath('path', path);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_WRITE_BYTES) {
      throw new ToolInputError(
        `content is ${bytes} bytes of UTF-8; the limit is ${MAX_WRITE_BYTES} (10 MiB)`,
      );
    }
    if (createOnly && (etag !== undefined || overwrite)) {
      throw new ToolInputError('createOnly cannot be combined with etag or overwrite');
    }
    // Without an etag and without overwrite, only a create is allowed: no silent overwrite.
    const conditions = etag !== undefined ? { etag } : overwrite ? {} : { createOnly: true };
    let written: { etag?: string; created: boolean };
    try {
      written = await nextcloud.webdav.put(target, content, conditions);
    } catch (error) {
      throw await explainWriteFailure(error, nextcloud, target, etag);
    }
    const newEtag = written.etag ?? (await currentEntry(nextcloud, target))?.etag ?? '';
    return { path: target, etag: newEtag, created: written.created };
  },
});

async function explainWriteFailure(
  error: unknown,
  nextcloud: NextcloudSession,
  path: string,
  etag: string | undefined,
): Promise<unknown> {
  if (!isNextcloudError(error)) return error;
  // PUT into a missing folder answers 404, not 409 (quirk 11, webdav/014).
  if (error.code === 'not_found') {
    return new ToolStateError(
      'not_found',
      `Not found: the folder "${folderLabel(parentOf(path))}" does not exist; create it with nc_files_mkdir first.`,
      { cause: error },
    );
  }
  if (error.code !== 'conflict') return error;
  const current = await currentEntry(nextcloud, path);
  if (current?.type === 'folder') {
    return new ToolStateError('conflict', `Conflict: "${path}" is a folder; a file cannot replace it.`, {
      cause: error,
    });
  }
  if (etag === undefined) {
    return new ToolStateError(
      'conflict',
      `Conflict: "${path}" already exists${current ? ` (etag "${current.etag}")` : ''}. ` +
        'Read it and pass its etag to replace that version, or pass overwrite: true to replace it whatever it holds.',
      { cause: error },
    );
  }
  if (current === undefined) {
    return new ToolStateError(
      'conflict',
      `Conflict: "${path}" no longer exists, so etag "${etag}" does not match; use createOnly: true to create it.`,
      { cause: error },
    );
  }
  return new ToolStateError(
    'conflict',
    `Conflict: "${path}" changed since you read it; its current etag is "${current.etag}". ` +
      'Read it again, then retry with that etag.',
    { cause: error },
  );
}
