/** Characters one `nc_files_read` call returns at most (and by default). */
export const MAX_TEXT_CHARACTERS = 1_000_000;
/** A text file larger than this is linked, not downloaded. */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;
/** A binary file up to this size is embedded (base64); a larger one is linked. */
export const MAX_EMBEDDED_BYTES = 1024 * 1024;

const TEXT_APPLICATION_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/markdown',
  'application/x-markdown',
  'application/yaml',
  'application/x-yaml',
  'application/javascript',
  'application/x-sh',
]);

/** The media type without parameters, lower-cased ('Text/Plain; charset=UTF-8' → 'text/plain'). */
export function baseMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** How a file's content is returned: as text, an image, an embedded blob, or only a link. */
export type ContentKind = 'text' | 'image' | 'binary';

/** Classifies by content type: text/*, JSON, XML, Markdown and YAML are text; image/* an image. */
export function classifyContent(contentType: string | undefined): ContentKind {
  const type = baseMediaType(contentType);
  if (type.startsWith('text/') || TEXT_APPLICATION_TYPES.has(type)) return 'text';
  if (/^[^/]+\/[^/]+\+(json|xml)$/.test(type)) return 'text';
  if (type.startsWith('image/')) return 'image';
  return 'binary';
}

/** One window of a text: what was returned and where the rest starts. */
export interface TextWindow {
  text: string;
  offset: number;
  /** Characters of the whole file (UTF-16 code units, like `offset` and `length`). */
  totalCharacters: number;
  /** Characters after this window; 0 when the file was read to the end. */
  remainingCharacters: number;
  nextOffset?: number;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts `text[offset, offset + length)` without splitting a surrogate pair (an emoji is never halved:
 * the window grows by one at the end, or starts one earlier). `offset` past the end gives an empty window.
 */
export function textWindow(text: string, offset: number, length: number): TextWindow {
  let start = Math.min(offset, text.length);
  if (start > 0 && start < text.length && isHighSurrogate(text.charCodeAt(start - 1))) start -= 1;
  let end = Math.min(start + length, text.length);
  if (end > start && end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end += 1;
  const remainingCharacters = text.length - end;
  return {
    text: text.slice(start, end),
    offset: start,
    totalCharacters: text.length,
    remainingCharacters,
    ...(remainingCharacters > 0 ? { nextOffset: end } : {}),
  };
}

// The one file URI format lives with the file resources; re-exported for the files tools' tests.
export { fileUri } from '../../resources/files/fileUri.js';
