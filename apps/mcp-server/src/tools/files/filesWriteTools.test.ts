import { createSilentLogger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TOOL_CATALOGUE } from '../catalogue.js';
import { toToolErrorResult } from '../toolErrors.js';
import { copyItemTool } from './copyItem.js';
import { createFolderTool } from './createFolder.js';
import { deleteItemTool } from './deleteItem.js';
import { moveItemTool } from './moveItem.js';
import { MAX_WRITE_BYTES, writeFileTool } from './writeFile.js';

const FILES = '/remote.php/dav/files/alice/';

interface Seen {
  method: string;
  path: string;
  headers: Headers;
}

/** A scripted Nextcloud: `answer(method, path)` gives the status (and etag) of each DAV request. */
function scripted(
  answer: (method: string, path: string, headers: Headers) => { status: number; etag?: string },
) {
  const seen: Seen[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    if (url.pathname.startsWith('/ocs/')) {
      const body = { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: { id: 'alice' } } };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    const path = decodeURIComponent(url.pathname.slice(FILES.length));
    seen.push({ method, path, headers });
    const { status, etag } = answer(method, path, headers);
    if (method === 'PROPFIND' && status === 207) return new Response(multistatus(path, etag), { status });
    return new Response(null, { status, headers: etag ? { ETag: `"${etag}"` } : {} });
  };
  const nextcloud = createNextcloudClient({ baseUrl: 'http://nextcloud.invalid', fetch: fetchFn }).session({
    subject: 'sub',
    getToken: async () => 'token',
  });
  return { seen, context: { nextcloud, logger: createSilentLogger(), openedUrl: () => undefined } };
}

function multistatus(path: string, etag = ''): string {
  const folder = etag === '';
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:response><d:href>${FILES}${encodeURI(path)}</d:href><d:propstat><d:prop><d:getetag>&quot;${folder ? '6a1b2c3d4e5f6' : etag}&quot;</d:getetag><d:resourcetype>${folder ? '<d:collection/>' : ''}</d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;
}

function message(error: unknown): string {
  const first = toToolErrorResult(error, createSilentLogger()).content[0];
  return first?.type === 'text' ? first.text : '';
}

async function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => message(error),
  );
}

describe('nc_files_write', () => {
  it('creates with If-None-Match: * when neither etag nor overwrite is given, and returns the new etag', async () => {
    const { seen, context } = scripted(() => ({ status: 201, etag: 'e1' }));
    const result = await writeFileTool.run({ path: '/Docs/a b #1.txt', content: 'hi' }, context);
    expect(result).toEqual({ path: 'Docs/a b #1.txt', etag: 'e1', created: true });
    expect(seen[0]?.headers.get('if-none-match')).toBe('*');
    expect(seen[0]?.headers.get('if-match')).toBeNull();
  });

  it('refuses a silent overwrite: an existing file without etag or overwrite is a conflict naming both ways out', async () => {
    const { context } = scripted((method) =>
      method === 'PUT' ? { status: 412 } : { status: 207, etag: 'cur' },
    );
    const text = await failure(writeFileTool.run({ path: 'Docs/a.txt', content: 'x' }, context));
    expect(text).toMatch(/^Conflict: "Docs\/a.txt" already exists \(etag "cur"\)/);
    expect(text).toContain('overwrite: true');
  });

  it('answers a stale etag with a conflict naming the current etag', async () => {
    const { seen, context } = scripted((method) =>
      method === 'PUT' ? { status: 412 } : { status: 207, etag: 'current' },
    );
    const text = await failure(writeFileTool.run({ path: 'Docs/a.txt', content: 'x', etag: 'old' }, context));
    expect(text).toBe(
      'Conflict: "Docs/a.txt" changed since you read it; its current etag is "current". Read it again, then retry with that etag.',
    );
    expect(seen[0]?.headers.get('if-match')).toBe('"old"');
    expect(seen[0]?.headers.get('if-none-match')).toBeNull();
  });

  it('replaces unconditionally only with overwrite: true', async () => {
    const { seen, context } = scripted(() => ({ status: 204, etag: 'e2' }));
    expect(await writeFileTool.run({ path: 'a.txt', content: 'x', overwrite: true }, context)).toEqual({
      path: 'a.txt',
      etag: 'e2',
      created: false,
    });
    expect(seen[0]?.headers.get('if-none-match')).toBeNull();
    expect(seen[0]?.headers.get('if-match')).toBeNull();
  });

  it('says the folder does not exist when PUT answers 404 (quirk 11)', async () => {
    const { context } = scripted(() => ({ status: 404 }));
    expect(await failure(writeFileTool.run({ path: 'Nope/deeper/a.txt', content: 'x' }, context))).toBe(
      'Not found: the folder "Nope/deeper" does not exist; create it with nc_files_mkdir first.',
    );
  });

  it('refuses content above 10 MiB of UTF-8 naming content, before any request', async () => {
    const { seen, context } = scripted(() => ({ status: 201 }));
    const content = 'é'.repeat(MAX_WRITE_BYTES / 2 + 1);
    expect(await failure(writeFileTool.run({ path: 'big.txt', content }, context))).toMatch(
      /^Invalid input: content is 10485762 bytes of UTF-8; the limit is 10485760/,
    );
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['../x', 'path'],
    ['%2e%2e/x', 'path'],
    ['/', 'path'],
  ])('refuses the path %j naming the field', async (path, field) => {
    const { seen, context } = scripted(() => ({ status: 201 }));
    expect(await failure(writeFileTool.run({ path, content: 'x' }, context))).toMatch(
      new RegExp(`^Invalid input: ${field}: `),
    );
    expect(seen).toHaveLength(0);
  });

  it('refuses createOnly together with overwrite or etag', async () => {
    const { context } = scripted(() => ({ status: 201 }));
    for (const extra of [{ overwrite: true }, { etag: 'e' }]) {
      expect(
        await failure(writeFileTool.run({ path: 'a', content: 'x', createOnly: true, ...extra }, context)),
      ).toBe('Invalid input: createOnly cannot be combined with etag or overwrite');
    }
  });
});

describe('nc_files_mkdir', () => {
  it('creates missing parents with parents: true and accepts the folders that exist', async () => {
    const existing = new Set(['A']);
    const { seen, context } = scripted((method, path) => {
      if (method === 'MKCOL') return { status: existing.has(path) ? 405 : 201 };
      return { status: 207 };
    });
    expect(await createFolderTool.run({ path: 'A/B/C', parents: true }, context)).toEqual({
      path: 'A/B/C',
      created: true,
    });
    expect(seen.filter((r) => r.method === 'MKCOL').map((r) => r.path)).toEqual(['A', 'A/B', 'A/B/C']);
  });

  it('is a conflict on an existing folder without parents, and fine with parents', async () => {
    const { context } = scripted((method) => (method === 'MKCOL' ? { status: 405 } : { status: 207 }));
    expect(await failure(createFolderTool.run({ path: 'Docs' }, context))).toMatch(
      /^Conflict: the folder "Docs" already exists/,
    );
    expect(await createFolderTool.run({ path: 'Docs', parents: true }, context)).toEqual({
      path: 'Docs',
      created: false,
    });
  });

  it('is a conflict when a file is in the way, even with parents', async () => {
    const { context } = scripted((method) =>
      method === 'MKCOL' ? { status: 405 } : { status: 207, etag: 'f' },
    );
    expect(await failure(createFolderTool.run({ path: 'a.txt/sub', parents: true }, context))).toBe(
      'Conflict: "a.txt" is a file, not a folder.',
    );
  });

  it('names the missing parent when MKCOL answers 409 (webdav/007)', async () => {
    const { context } = scripted(() => ({ status: 409 }));
    expect(await failure(createFolderTool.run({ path: 'Nope/New' }, context))).toBe(
      'Not found: the folder "Nope" does not exist; pass parents: true to create it too.',
    );
  });
});

describe('nc_files_move and nc_files_copy', () => {
  it.each([moveItemTool, copyItemTool])(
    '%s sends Overwrite F by default and T only when asked',
    async (tool) => {
      const { seen, context } = scripted(() => ({ status: 201 }));
      expect(await tool.run({ from: 'a.txt', to: 'b c.txt' }, context)).toEqual({
        from: 'a.txt',
        to: 'b c.txt',
        replaced: false,
      });
      await tool.run({ from: 'a.txt', to: 'b c.txt', overwrite: true }, context);
      expect(seen.map((r) => r.headers.get('overwrite'))).toEqual(['F', 'T']);
      expect(seen[0]?.method).toBe(tool === moveItemTool ? 'MOVE' : 'COPY');
    },
  );

  it('says an existing target is a conflict (412) and a missing destination folder is missing (409)', async () => {
    const exists = scripted(() => ({ status: 412 }));
    expect(await failure(copyItemTool.run({ from: 'a.txt', to: 'b.txt' }, exists.context))).toBe(
      'Conflict: "b.txt" already exists. Pass overwrite: true to replace it (the old one goes to the trash bin).',
    );
    const missing = scripted(() => ({ status: 409 }));
    expect(await failure(moveItemTool.run({ from: 'a.txt', to: 'Nope/b.txt' }, missing.context))).toBe(
      'Not found: the destination folder "Nope" does not exist; create it with nc_files_mkdir first.',
    );
  });

  it('reports a replaced target (204)', async () => {
    const { context } = scripted(() => ({ status: 204 }));
    expect(await moveItemTool.run({ from: 'a', to: 'b', overwrite: true }, context)).toMatchObject({
      replaced: true,
    });
  });

  it.each([
    [{ from: '../a', to: 'b' }, /^Invalid input: from: /],
    [{ from: 'a', to: '%2e%2e/b' }, /^Invalid input: to: /],
    [{ from: 'a', to: 'a/' }, /same path/],
    [{ from: 'Dir', to: 'Dir/inside' }, /inside from/],
  ])('refuses %j before any request', async (input, expected) => {
    const { seen, context } = scripted(() => ({ status: 201 }));
    expect(await failure(moveItemTool.run(input, context))).toMatch(expected);
    expect(seen).toHaveLength(0);
  });
});

describe('nc_files_delete', () => {
  it('deletes below the root and refuses the root itself', async () => {
    const { seen, context } = scripted(() => ({ status: 204 }));
    expect(await deleteItemTool.run({ path: 'Docs/a.txt' }, context)).toEqual({
      path: 'Docs/a.txt',
      deleted: true,
    });
    expect(await failure(deleteItemTool.run({ path: '/' }, context))).toMatch(/^Invalid input: path: /);
    expect(seen.map((r) => r.method)).toEqual(['DELETE']);
  });
});

describe('the files write tools in the catalogue', () => {
  it('are registered under files.write with precise annotations', () => {
    const hints = Object.fromEntries(
      TOOL_CATALOGUE.filter((tool) => tool.scopes.includes('files.write')).map((tool) => [
        tool.name,
        [tool.annotations.destructiveHint, tool.annotations.idempotentHint, tool.family],
      ]),
    );
    expect(hints).toEqual({
      nc_files_write: [true, false, 'files'],
      nc_files_mkdir: [false, true, 'files'],
      nc_files_copy: [true, false, 'files'],
      nc_files_move: [true, true, 'files'],
      nc_files_delete: [true, true, 'files'],
      nc_files_favorite: [false, true, 'files'],
      nc_files_trash_restore: [false, false, 'files'],
      nc_files_version_restore: [true, true, 'files'],
    });
    for (const tool of [writeFileTool, createFolderTool, copyItemTool, moveItemTool, deleteItemTool]) {
      expect(tool.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: false });
      expect(tool.scopes).toEqual(['files.write']);
    }
  });

  it('bounds the content input', () => {
    const schema = z.object(writeFileTool.inputSchema);
    expect(schema.safeParse({ path: 'a', content: 'x'.repeat(MAX_WRITE_BYTES + 1) }).success).toBe(false);
  });
});
