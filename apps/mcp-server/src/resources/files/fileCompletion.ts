import type { DavEntry } from '@nc-mcp/nextcloud';
import { normalizeUserPath } from '@nc-mcp/nextcloud';
import { decodeSegment, encodeFilePath } from './fileUri.js';

/** The folder a typed path is in and the start of the name being typed. */
export interface TypedPath {
  /** Normalised folder path ('' is the root). */
  folder: string;
  /** The typed last segment, decoded. */
  prefix: string;
}

/**
 * Splits what a user typed for `path` (percent-encoded as the URI carries it, or plain) into the folder
 * to list and the start of the name; `undefined` when the folder part is a path the tools refuse.
 */
export function splitTypedPath(typed: string): TypedPath | undefined {
  const cut = typed.lastIndexOf('/');
  const decode = (text: string) =>
    text
      .split('/')
      .map((segment) => decodeSegment(segment) ?? segment)
      .join('/');
  try {
    return {
      folder: normalizeUserPath(decode(typed.slice(0, cut + 1))),
      prefix: decode(typed.slice(cut + 1)),
    };
  } catch {
    return undefined;
  }
}

/**
 * Completion of a file URI's `path`: the entries of `folder` (a Depth 1 PROPFIND, the folder itself
 * first) whose names start with `prefix`, ignoring case, by name, folders with a trailing '/'. Values
 * are percent-encoded as the URI carries them, so expanding `{+path}` with one gives the file's URI.
 * All matches are returned; the SDK sends the first 100 and says whether there are more.
 */
export function completeFilePaths(entries: readonly DavEntry[], { folder, prefix }: TypedPath): string[] {
  const needle = prefix.toLocaleLowerCase();
  return entries
    .filter((entry) => entry.path !== folder && entry.name.toLocaleLowerCase().startsWith(needle))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => `${encodeFilePath(entry.path)}${entry.type === 'folder' ? '/' : ''}`);
}
