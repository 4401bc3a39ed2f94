export { BIRTHDAY_CALENDAR_ID, type CalendarInfo } from './caldav/calendarInfo.js';
export type { CaldavApi, CalendarObject, CalendarQuery } from './caldav/createCaldavApi.js';
export type { CalendarApi } from './caldav/createCalendarApi.js';
export type { TaskFilter, TasksApi } from './caldav/createTasksApi.js';
export type { Attendee, EventDetails, EventOccurrence, Reminder } from './caldav/eventModel.js';
export type { EventFields } from './caldav/eventWrite.js';
export { epochOf, type FreeSlot, type FreeSlotOptions, freeSlots } from './caldav/freeSlots.js';
export { parseCalendarData } from './caldav/icalData.js';
export { checkZone, type EventTime, inputEpoch, parseTimeInput, type TimeInput } from './caldav/instants.js';
export type { Task, TaskFields } from './caldav/taskModel.js';
export { isoInZone } from './caldav/zones.js';
export type { AddressBook } from './carddav/addressBook.js';
export type { ContactSearchField } from './carddav/cardReport.js';
export type {
  Contact,
  ContactDetails,
  ContactName,
  PostalAddress,
  TypedValue,
} from './carddav/contact.js';
export type {
  AddressInput,
  ContactPatch,
  ListEdit,
  NewContact,
  TypedValueInput,
} from './carddav/contactEdits.js';
export type { ContactSearch, ContactsApi } from './carddav/createContactsApi.js';
/** A vCard editor that keeps untouched lines byte for byte (exported for tests and the worker). */
export { VCardDocument } from './carddav/vcardDocument.js';
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
export type { DavSession } from './webdav/davSession.js';
export type { FavoriteApi } from './webdav/favorite.js';
export type { DavSearchQuery } from './webdav/searchRequest.js';
export {
  parseSyncCollection,
  type SyncCollectionResult,
  syncCollection,
} from './webdav/syncCollection.js';
export { checkTrashName, type TrashbinApi, type TrashEntry, type TrashRestore } from './webdav/trashbin.js';
export { checkVersionId, type FileVersion, type VersionsApi } from './webdav/versions.js';
