export {
  createNextcloudClient,
  type NextcloudClient,
  type NextcloudClientOptions,
  type NextcloudSession,
} from './createNextcloudClient.js';
export { isNextcloudError, NextcloudError, type NextcloudErrorCode } from './errors.js';
export { quoteEtag, unquoteEtag } from './etag.js';
export type { NoteInput, NotesApi } from './notes/createNotesApi.js';
export type { Note, NotesSettings } from './notes/note.js';
export type { Capabilities, CurrentUser } from './ocs.js';
export { normalizeNoteCategory, normalizeUserPath } from './paths.js';
export type { TokenSource } from './tokenSource.js';
export type { WebdavApi } from './webdav/createWebdavApi.js';
export type { DavEntry, DavFileBytes } from './webdav/davEntry.js';
export type { DavSearchQuery } from './webdav/searchRequest.js';
