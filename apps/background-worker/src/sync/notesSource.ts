import { isNextcloudError, type Note } from '@nc-mcp/nextcloud';
import type { IndexItem } from '@nc-mcp/search-index';
import type { SourceResult, SyncContext, SyncSource } from './syncSource.js';

// Past this many changed notes one listing with content is cheaper than one GET per note.
const FULL_LIST_THRESHOLD = 10;

function toItem(note: Note): IndexItem {
  return {
    family: 'notes',
    id: String(note.id),
    title: note.title,
    content: note.content ?? '',
    link: `nextcloud://notes/${note.id}`,
    etag: note.etag,
    modifiedAt: note.modified * 1000,
  };
}

async function fetchChanged(context: SyncContext, changed: Note[], errors: string[]): Promise<Note[]> {
  if (changed.length > FULL_LIST_THRESHOLD) {
    const wanted = new Set(changed.map((note) => note.id));
    return (await context.nextcloud.notes.list()).filter((note) => wanted.has(note.id));
  }
  const notes: Note[] = [];
  for (const stub of changed) {
    try {
      notes.push(await context.nextcloud.notes.get(stub.id));
    } catch (error) {
      // Deleted since the listing: the next sync removes it. Anything user-wide is thrown on.
      if (isNextcloudError(error, 'not_found')) continue;
      if (isNextcloudError(error, 'bad_request') || isNextcloudError(error, 'protocol')) {
        errors.push(`notes: note ${stub.id} could not be read`);
        continue;
      }
      throw error;
    }
  }
  return notes;
}

/** Notes through the Notes API: etags from a content-less listing, content only for changed notes. */
export const notesSource: SyncSource = {
  family: 'notes',
  scope: 'notes.read',
  async sync(context): Promise<SourceResult> {
    const errors: string[] = [];
    const known = await context.index.listItemStates(context.userId, 'notes');
    const listed = await context.nextcloud.notes.list({ excludeContent: true });
    const changed = listed.filter((note) => known.get(String(note.id)) !== note.etag);
    const fetched = await fetchChanged(context, changed, errors);
    await context.index.upsertItems(context.userId, fetched.map(toItem));
    const present = new Set(listed.map((note) => String(note.id)));
    const gone = [...known.keys()].filter((id) => !present.has(id));
    await context.index.deleteItems(context.userId, 'notes', gone);
    return { upserted: fetched.length, deleted: gone.length, errors, covers: [await notesFolder(context)] };
  },
};

/** The user's Notes folder, which the notes family indexes note by note (the default when unreadable). */
async function notesFolder(context: SyncContext): Promise<string> {
  try {
    return (await context.nextcloud.notes.getSettings()).notesPath;
  } catch (error) {
    context.logger.debug({ errorCode: (error as { code?: unknown }).code }, 'notes settings unreadable');
    return 'Notes';
  }
}
