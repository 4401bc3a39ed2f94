import type { ContentBlock } from '@modelcontextprotocol/server';
import { type DavFileBytes, isNextcloudError, type NextcloudSession } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { fileUri } from '../../resources/files/fileUri.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import {
  baseMediaType,
  classifyContent,
  MAX_EMBEDDED_BYTES,
  MAX_TEXT_BYTES,
  MAX_TEXT_CHARACTERS,
  textWindow,
} from './fileContent.js';
import { checkPathInput, filePathInput } from './fileShapes.js';

const outputSchema = {
  path: z.string(),
  contentType: z.string(),
  size: z.number().int().optional().describe('Bytes'),
  etag: z.string(),
  delivery: z
    .enum(['text', 'image', 'embedded', 'link'])
    .describe('text: in "text"; image/embedded: an extra content block; link: too large, a resource link'),
  text: z.string().optional(),
  offset: z.number().int().optional(),
  totalCharacters: z.number().int().optional(),
  remainingCharacters: z.number().int().optional().describe('0 when the whole text was returned'),
  nextOffset: z.number().int().optional().describe('Pass as offset to read on'),
};
type ReadOutput = z.infer<z.ZodObject<typeof outputSchema>>;

/** `nc_files_read`: a text file (in windows), or a binary file embedded or linked. */
export const readFileTool = defineTool({
  name: 'nc_files_read',
  title: 'Read a file',
  description:
    `Read a file. Text comes back in "text", at most ${MAX_TEXT_CHARACTERS} characters a call: read on with ` +
    `offset while remainingCharacters > 0. Images and other files up to ${MAX_EMBEDDED_BYTES} bytes are ` +
    'attached; larger ones are returned as a resource link.',
  family: 'files',
  scopes: [SCOPES.filesRead],
  inputSchema: {
    path: filePathInput,
    offset: z.number().int().min(0).max(MAX_TEXT_BYTES).default(0).describe('Text: first character'),
    length: z.number().int().min(1).max(MAX_TEXT_CHARACTERS).default(MAX_TEXT_CHARACTERS),
  },
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  contentOf: readContent,
  async run({ path, offset, length }, { nextcloud, attachContent }): Promise<ReadOutput> {
    const normalized = checkPathInput('path', path);
    // One GET: ETag, type and length come with the answer, and the limit is chosen from its
    // Content-Type before the body is read, so a file known to be too large is not downloaded.
    const read = await readBytes(nextcloud, normalized);
    const contentType = baseMediaType(read.contentType) || 'application/octet-stream';
    const kind = classifyContent(contentType);
    const current = {
      path: normalized,
      contentType,
      etag: read.etag,
      ...(read.size === undefined ? {} : { size: read.size }),
    };
    if (read.bytes === undefined) {
      attachContent?.(linkBlock(current.path, current.contentType, current.size));
      return { ...current, delivery: 'link' };
    }
    if (kind === 'text') {
      const window = textWindow(new TextDecoder().decode(read.bytes), offset, length);
      return { ...current, delivery: 'text', ...window };
    }
    const data = Buffer.from(read.bytes).toString('base64');
    if (kind === 'image') {
      attachContent?.({ type: 'image', data, mimeType: current.contentType });
      return { ...current, delivery: 'image' };
    }
    attachContent?.({
      type: 'resource',
      resource: { uri: fileUri(current.path), mimeType: current.contentType, blob: data },
    });
    return { ...current, delivery: 'embedded' };
  },
});

/**
 * What clients without structured output read: the output as JSON and, for text, the window itself as
 * a block of its own, so up to 1 MB of text is not escaped into the JSON as well. The JSON still says
 * where the window starts and what remains: never a silent truncation.
 */
export function readContent(output: ReadOutput): ContentBlock[] {
  if (output.text === undefined) return [{ type: 'text', text: JSON.stringify(output) }];
  const { text, ...metadata } = output;
  return [
    { type: 'text', text: JSON.stringify(metadata) },
    { type: 'text', text },
  ];
}

function byteLimit(contentType: string): number {
  return classifyContent(contentType) === 'text' ? MAX_TEXT_BYTES : MAX_EMBEDDED_BYTES;
}

async function readBytes(nextcloud: NextcloudSession, path: string): Promise<DavFileBytes> {
  try {
    return await nextcloud.webdav.getBytes(path, { maxBytes: byteLimit });
  } catch (error) {
    // A folder answers GET with an HTML placeholder and no ETag (webdav/031), which the client refuses
    // as bad_request; only then is the path looked up, to say so.
    if (isNextcloudError(error, 'bad_request') && (await isFolder(nextcloud, path)))
      throw new ToolInputError('path: is a folder; use nc_files_list');
    throw error;
  }
}

async function isFolder(nextcloud: NextcloudSession, path: string): Promise<boolean> {
  try {
    const [entry] = await nextcloud.webdav.propfind(path, { depth: 0 });
    return entry?.type === 'folder';
  } catch {
    return false;
  }
}

function linkBlock(path: string, mimeType: string, size: number | undefined): ContentBlock {
  return {
    type: 'resource_link',
    uri: fileUri(path),
    name: path.split('/').pop() ?? path,
    mimeType,
    ...(size === undefined ? {} : { size }),
  };
}
