import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { httpDate } from '../dav/properties.js';
import type { UserAccount } from '../store/userStore.js';
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

/** `GET /notes` (list: category, exclude, pruneBefore, chunking, ETag/304) and `POST /notes`. */
export function collectionRoute(req: Request, service: NotesService, nowSeconds: number): NotesReply {
  if (req.method === 'POST')
    return { status: 200, body: service.data(service.create(changesFrom(req.body))).data };
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

/** `GET|PUT|DELETE /notes/<id>`; a non-numeric id is 400 `[]`, an unknown one 404. */
export function noteRoute(req: Request, service: NotesService, rawId: string): NotesReply {
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
    case 'PUT': {
      const ifMatch = req.get('if-match');
      // A stale If-Match answers 412 with the current note as the body (quirk 28).
      if (ifMatch && ifMatch.replace(/^"|"$/g, '') !== current.etag) return { status: 412, body: current };
      service.update(file, changesFrom(req.body));
      return { status: 200, body: service.data(file).data };
    }
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
