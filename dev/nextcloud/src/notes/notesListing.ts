import type { NoteData, NotesService } from './notesService.js';

/** Query parameters of `GET /notes`. */
export interface ListQuery {
  /** Only notes of exactly this category (when given, even ''). */
  readonly category?: string;
  readonly exclude: readonly string[];
  /** Notes whose meta was last updated before this (seconds) are reduced to their id. */
  readonly pruneBefore: number;
  readonly chunkSize: number;
  readonly chunkCursor?: string;
}

/** The list body plus chunk headers. */
export interface ListResult {
  readonly notes: Array<Partial<NoteData>>;
  readonly chunkCursor?: string;
  readonly chunkPending?: number;
}

interface ChunkCursor {
  readonly timeStart: number;
  readonly lastUpdate: number;
  readonly id: number;
}

/** `<timeStart>-<noteLastUpdate>-<noteId>`, as the Notes app encodes `X-Notes-Chunk-Cursor`. */
function parseCursor(text: string | undefined): ChunkCursor | null {
  const match = /^(\d+)-(\d+)-(\d+)$/.exec(text ?? '');
  if (!match) return null;
  return { timeStart: Number(match[1]), lastUpdate: Number(match[2]), id: Number(match[3]) };
}

/** Drops excluded keys from a note; `etag` is always kept, as the app adds it after excluding (notes/010). */
export function excludeFields(data: NoteData, exclude: readonly string[]): Partial<NoteData> {
  const copy: Partial<NoteData> = { ...data };
  for (const key of exclude) if (key !== 'etag') delete copy[key as keyof NoteData];
  return copy;
}

/**
 * The Notes app's list algorithm: sort by meta lastUpdate then id, prune, slice a chunk and hand out
 * a cursor; the last (or only) chunk also lists every other note as `{id}` so clients can drop deleted ones.
 */
export function listNotes(service: NotesService, query: ListQuery, nowSeconds: number): ListResult {
  const cursor = parseCursor(query.chunkCursor);
  let all = service.all().map((file) => service.data(file));
  if (query.category !== undefined) all = all.filter(({ data }) => data.category === query.category);
  const full = all
    .filter(({ meta, data }) => {
      const pruned = query.pruneBefore > 0 && meta.lastUpdate < query.pruneBefore;
      const beforeCursor =
        cursor !== null &&
        (meta.lastUpdate < cursor.lastUpdate ||
          (meta.lastUpdate === cursor.lastUpdate && data.id <= cursor.id));
      return !pruned && !beforeCursor;
    })
    .sort((a, b) => a.meta.lastUpdate - b.meta.lastUpdate || a.data.id - b.data.id);
  const chunk = query.chunkSize > 0 ? full.slice(0, query.chunkSize) : full;
  const pending = full.length - chunk.length;
  const last = chunk[chunk.length - 1];
  const notes = chunk.map(({ data }) => excludeFields(data, query.exclude));
  if (pending > 0 && last) {
    const timeStart = cursor?.timeStart ?? nowSeconds;
    return {
      notes,
      chunkCursor: `${timeStart}-${last.meta.lastUpdate}-${last.data.id}`,
      chunkPending: pending,
    };
  }
  const inChunk = new Set(chunk.map(({ data }) => data.id));
  const idsOnly = all
    .filter(({ data }) => !inChunk.has(data.id))
    .sort((a, b) => a.data.id - b.data.id)
    .map(({ data }) => ({ id: data.id }));
  // The full notes first, then the `{id}` entries, as the real server orders its last chunk.
  return { notes: [...notes, ...idsOnly] };
}
