import type { ContentBlock } from '@modelcontextprotocol/server';
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
  async run({ path, offset, length }, { nextcloud, attachContent }): Promise<ReadOutput> {
    const normalized = checkPathInput('path', path);
    const [entry] = await nextcloud.webdav.propfind(normalized, { depth: 0 });
    if (entry?.type === 'folder') throw new ToolInputError('path: is a folder; use nc_files_list');
    const kind = classifyContent(entry?.contentType);
    const limit = kind === 'text' ? MAX_TEXT_BYTES : MAX_EMBEDDED_BYTES;
    const base = {
      path: normalized,
      contentType: baseMediaType(entry?.contentType) || 'application/octet-stream',
      etag: entry?.etag ?? '',
      ...(entry?.size === undefined ? {} : { size: entry.size }),
    };
    const link = (): ReadOutput => {
      attachContent?.(linkBlock(base.path, base.contentType, base.size));
      return { ...base, delivery: 'link' };
    };
    // Known to be too large: do not start the download at all.
    if (entry?.size !== undefined && entry.size > limit) return link();

    const read = await nextcloud.webdav.getBytes(normalized, { maxBytes: limit });
    if (read.bytes === undefined) return link();
    const current = { ...base, etag: read.etag, size: read.bytes.byteLength };
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

function linkBlock(path: string, mimeType: string, size: number | undefined): ContentBlock {
  return {
    type: 'resource_link',
    uri: fileUri(path),
    name: path.split('/').pop() ?? path,
    mimeType,
    ...(size === undefined ? {} : { size }),
  };
}
