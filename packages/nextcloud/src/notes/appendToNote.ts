import { waitBeforeRetry } from '../backoff.js';
import { isNextcloudError } from '../errors.js';
import type { Note } from './note.js';

/** The note operations an append needs. */
export interface AppendDeps {
  get(id: number): Promise<Note>;
  update(id: number, patch: { content: string }, opts: { etag?: string }): Promise<Note>;
}

// Enough to ride out a few concurrent writers; after that the caller should see the conflict.
const MAX_ATTEMPTS = 5;

/** The content after appending `text`: no separator at the start of an empty note or after one already there. */
export function appendedContent(content: string, text: string, separator: string): string {
  if (content === '' || content.endsWith(separator)) return `${content}${text}`;
  return `${content}${separator}${text}`;
}

/**
 * Appends text to a note without losing a concurrent edit: read, then write with If-Match of what was
 * read. A 412 carries the current note, which becomes the next base; a note still locked by another
 * write after the update's own retries (423) is read again after a short wait. After
 * {@link MAX_ATTEMPTS} lost races the `conflict` (with `current`) or `locked` error reaches the caller.
 */
export async function appendToNote(
  deps: AppendDeps,
  id: number,
  text: string,
  separator = '\n',
): Promise<Note> {
  let base = await deps.get(id);
  for (let attempt = 1; ; attempt++) {
    try {
      const content = appendedContent(base.content ?? '', text, separator);
      return await deps.update(id, { content }, { etag: base.etag });
    } catch (error) {
      const lost = isNextcloudError(error, 'conflict') || isNextcloudError(error, 'locked');
      if (!lost || attempt >= MAX_ATTEMPTS) throw error;
      if (error.code === 'locked') await waitBeforeRetry(attempt);
      base = error.current?.content !== undefined ? error.current : await deps.get(id);
    }
  }
}
