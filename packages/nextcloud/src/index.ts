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
export type { SearchApi, SearchOptions } from './search/createSearchApi.js';
export type { SearchPage, SearchProvider, SearchResult } from './search/searchResult.js';
export type { NewShare, ShareListOptions, ShareUpdate, SharingApi } from './sharing/createSharingApi.js';
export {
  permissionBits,
  permissionNames,
  SHARE_PERMISSIONS,
  type Share,
  type ShareKind,
  type SharePermission,
  shareKindOf,
} from './sharing/share.js';
export type { Sharee } from './sharing/sharee.js';
export type { TokenSource } from './tokenSource.js';
export type { WebdavApi } from './webdav/createWebdavApi.js';
export type { DavEntry, DavFileBytes } from './webdav/davEntry.js';
export type { FavoriteApi } from './webdav/favorite.js';
export type { DavSearchQuery } from './webdav/searchRequest.js';
export { checkTrashName, type TrashbinApi, type TrashEntry, type TrashRestore } from './webdav/trashbin.js';
export { checkVersionId, type FileVersion, type VersionsApi } from './webdav/versions.js';
export {
  parseSyncCollection,
  type SyncCollectionResult,
  syncCollection,
} from './webdav/syncCollection.js';
export type { DavSession } from './webdav/davSession.js';
