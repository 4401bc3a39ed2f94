import { createSilentLogger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNoteTool } from './createNote.js';
import { listNotesTool } from './listNotes.js';
import { updateNoteTool } from './updateNote.js';

/**
 * The Notes list as a real Nextcloud 34 answers it (REFERENCE.md "Notes API", notes/013–014): chunks of
 * `chunkSize` with `X-Notes-Chunk-Cursor`, and a last chunk that sends its notes in full followed by
 * `{id}` for every note of the earlier chunks.
 */
function chunkedNotesFetch(count: number): typeof fetch {
  const notes = Array.from({ length: count }, (_, i) => ({
    id: 1000 + i,
    title: `Note ${i}`,
    modified: 1795739000 + i,
    category: '',
    favorite: false,
    readonly: false,
    etag: `etag${i}`,
  }));
  return async (input) => {
    const url = new URL(String(input));
    const size = Number(url.searchParams.get('chunkSize') ?? notes.length) || notes.length;
    const start = Number(url.searchParams.get('chunkCursor') ?? 0);
    const chunk = notes.slice(start, start + size);
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    let body: unknown[] = chunk;
    if (start + size < notes.length) headers['X-Notes-Chunk-Cursor'] = String(start + size);
    else body = [...chunk, ...notes.slice(0, start).map(({ id }) => ({ id }))];
    return new Response(JSON.stringify(body), { status: 200, headers });
  };
}

describe('nc_notes_list', () => {
  it('counts 250 notes as 250, not the id-only entries of the last chunk', async () => {
    const nextcloud = createNextcloudClient({
      baseUrl: 'http://nextcloud.invalid',
      fetch: chunkedNotesFetch(250),
    }).session({ subject: 'sub', getToken: async () => 'token' });

    const result = await listNotesTool.run(
      { limit: 500 },
      { nextcloud, logger: createSilentLogger(), openedUrl: () => undefined },
    );

    expect(result.total).toBe(250);
    expect(result.notes).toHaveLength(250);
    expect(new Set(result.notes.map((note) => note.id)).size).toBe(250);
    expect(result.notes.every((note) => note.title !== '' && note.etag !== '')).toBe(true);
    expect(result.truncated).toBe(false);
  });
});

describe('note titles', () => {
  const create = z.object(createNoteTool.inputSchema);
  const update = z.object(updateNoteTool.inputSchema);

  it.each(['nul\u0000byte', 'line1\nline2', 'tab\there', 'bell\u0007', 'del\u007f'])(
    'refuses the title %j, naming the field',
    (title) => {
      for (const schema of [create, update]) {
        const parsed = schema.safeParse({ id: 1, etag: 'e', title });
        expect(parsed.success).toBe(false);
        const issue = parsed.error?.issues[0];
        expect(issue?.path).toEqual(['title']);
        expect(issue?.message).toMatch(/one line without control characters/);
      }
    },
  );

  it('accepts an ordinary one-line title and says titles are one line', () => {
    expect(create.safeParse({ title: '#heading: ünïcode' }).success).toBe(true);
    expect(createNoteTool.inputSchema.title.description).toMatch(/one line/);
  });
});
