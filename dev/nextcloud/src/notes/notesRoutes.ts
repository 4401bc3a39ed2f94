import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { httpDate } from '../dav/properties.js';
import type { FileNode } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import { type Contention, isFileLocked } from './contention.js';
import { excludeFields, listNotes } from './notesListing.js';
import type { NoteChanges, NotesService } from './notesService.js';

/** What a Notes route answers; the router adds `X-Notes-API-Versions` and writes JSON. */
export interface NotesReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const NOT_FOUND: NotesReply = { status: 404, body: { errorType: 'Exception' } };
const NOT_ALLOWED: NotesReply = { status: 405, body: [] };
// The app answers a LockedException with 423 and the exception's class (not recorded; REFERENCE.md).
const LOCKED: NotesReply = { status: 423, body: { errorType: 'OCP\\Lock\\LockedException' } };
// The mkdir race of concurrent creates into a new category folder (not recorded; REFERENCE.md).
const MKDIR_RACE: NotesReply = { status: 500, body: { errorType: 'Exception' } };

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: unknown): number | undefined => {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value !== ''
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(number) ? number : undefined;
};
const bool = (value: unknown): boolean | undefined =>
  typeof value === 'boolean'
    ? value
    : typeof value === 'string'
      ? value === 'true' || value === '1'
      : undefined;

function fieldsOf(body: unknown): Record<string, unknown> {
  return (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
}

/** Create/update fields from a JSON or form-encoded body. */
function changesFrom(body: unknown): NoteChanges {
  const fields = fieldsOf(body);
  const changes: NoteChanges = {};
  const title = str(fields.title);
  const content = str(fields.content);
  const category = str(fields.category);
  const modified = int(fields.modified);
  const favorite = bool(fields.favorite);
  if (title !== undefined) changes.title = title;
  if (content !== undefined) changes.content = content;
  if (category !== undefined) changes.category = category;
  if (modified !== undefined) changes.modified = modified;
  if (favorite !== undefined) changes.favorite = favorite;
  return changes;
}

/** `GET|PUT /settings`; unknown keys are ignored (quirk 29). */
export function settingsRoute(req: Request, user: UserAccount): NotesReply {
  if (req.method === 'PUT') {
    const body = fieldsOf(req.body);
    for (const key of ['notesPath', 'fileSuffix', 'noteMode'] as const) {
      const value = str(body[key]);
      if (value !== undefined) user.notes.settings[key] = value;
    }
  } else if (req.method !== 'GET') {
    return NOT_ALLOWED;
  }
  return { status: 200, body: { ...user.notes.settings } };
}

/** `POST /notes`; with contention, a create into a category folder another create is making is a 500. */
function createRoute(
  service: NotesService,
  changes: NoteChanges,
  contention: Contention | undefined,
): NotesReply | Promise<NotesReply> {
  const create = (): NotesReply => ({ status: 200, body: service.data(service.create(changes)).data });
  if (!contention || !service.needsCategoryFolder(changes.category ?? '')) return create();
  const key = `${service.uid}\u0000${service.categoryPath(changes.category ?? '')}`;
  if (contention.isFolderInProgress(key)) return MKDIR_RACE;
  return contention.withNewFolder(service.uid, key, create);
}

/** `GET /notes` (list: category, exclude, pruneBefore, chunking, ETag/304) and `POST /notes`. */
export function collectionRoute(
  req: Request,
  service: NotesService,
  nowSeconds: number,
  contention?: Contention,
): NotesReply | Promise<NotesReply> {
  if (req.method === 'POST') return createRoute(service, changesFrom(req.body), contention);
  if (req.method !== 'GET') return NOT_ALLOWED;
  const category = str(req.query.category);
  const chunkCursor = str(req.query.chunkCursor);
  const result = listNotes(
    service,
    {
      ...(category === undefined ? {} : { category }),
      ...(chunkCursor ? { chunkCursor } : {}),
      exclude: excludeParam(req),
      pruneBefore: int(req.query.pruneBefore) ?? 0,
      chunkSize: int(req.query.chunkSize) ?? 0,
    },
    nowSeconds,
  );
  const etag = `"${createHash('md5').update(JSON.stringify(result.notes)).digest('hex')}"`;
  const headers: Record<string, string> = { 'Last-Modified': httpDate(nowSeconds), ETag: etag };
  if (result.chunkCursor) headers['X-Notes-Chunk-Cursor'] = result.chunkCursor;
  if (result.chunkPending !== undefined) headers['X-Notes-Chunk-Pending'] = String(result.chunkPending);
  return { status: req.get('if-none-match') === etag ? 304 : 200, body: result.notes, headers };
}

/**
 * A note PUT. `If-Match` must be exactly the quoted etag: an unquoted current etag is a 412 too
 * (REFERENCE.md). A stale one answers 412 with the current note as the body (quirk 28).
 */
function writeNote(req: Request, service: NotesService, file: FileNode): NotesReply {
  if (!service.contains(file)) return NOT_FOUND;
  const current = service.data(file).data;
  const ifMatch = req.get('if-match');
  if (ifMatch !== undefined && ifMatch !== `"${current.etag}"`) return { status: 412, body: current };
  service.update(file, changesFrom(req.body));
  return { status: 200, body: service.data(file).data };
}

/** `GET|PUT|DELETE /notes/<id>`; a non-numeric id is 400 `[]`, an unknown one 404. */
export function noteRoute(
  req: Request,
  service: NotesService,
  rawId: string,
  contention?: Contention,
): NotesReply | Promise<NotesReply> {
  if (!/^\d+$/.test(rawId)) return { status: 400, body: [] };
  const file = service.find(Number(rawId));
  if (!file) return NOT_FOUND;
  const current = service.data(file).data;
  switch (req.method) {
    case 'GET': {
      const etag = `"${current.etag}"`;
      const status = req.get('if-none-match') === etag ? 304 : 200;
      return { status, body: excludeFields(current, excludeParam(req)), headers: { ETag: etag } };
    }
    case 'PUT':
      // With contention a PUT holds the file's lock while it writes; others meanwhile get 423.
      if (isFileLocked(file)) return LOCKED;
      if (!contention) return writeNote(req, service, file);
      return contention.withFileLock(file, () => writeNote(req, service, file));
    case 'DELETE':
      service.remove(file);
      return { status: 200, body: [] };
    default:
      return NOT_ALLOWED;
  }
}

function excludeParam(req: Request): string[] {
  return (str(req.query.exclude) ?? '').split(',').filter((key) => key !== '');
}
