import { createSilentLogger } from '@nc-mcp/logger';
import { createNextcloudClient } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { toToolErrorResult } from '../toolErrors.js';
import { listTrashTool } from './listTrash.js';
import { listVersionsTool } from './listVersions.js';
import { restoreTrashItemTool } from './restoreTrashItem.js';
import { restoreVersionTool } from './restoreVersion.js';

const NS = 'xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';
const multistatus = (responses: string[]) =>
  `<?xml version="1.0"?><d:multistatus ${NS}>${responses.join('')}</d:multistatus>`;
const response = (href: string, props: string) =>
  `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
const trashItem = (name: string, deletedAt: number) =>
  response(
    `/remote.php/dav/trashbin/alice/trash/${name}.d${deletedAt}`,
    `<nc:trashbin-filename>${name}</nc:trashbin-filename><nc:trashbin-original-location>Docs/${name}</nc:trashbin-original-location>` +
      `<nc:trashbin-deletion-time>${deletedAt}</nc:trashbin-deletion-time><d:getcontentlength>3</d:getcontentlength><d:resourcetype/>`,
  );

/** A scripted Nextcloud: `answer(method, path)` gives the status and body of each DAV request. */
function scripted(answer: (method: string, path: string) => { status: number; body?: string }) {
  const seen: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.startsWith('/ocs/')) {
      const body = { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: { id: 'alice' } } };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    const method = init?.method ?? 'GET';
    seen.push(`${method} ${decodeURIComponent(url.pathname)}`);
    const { status, body } = answer(method, decodeURIComponent(url.pathname));
    return new Response(body ?? null, { status });
  };
  const nextcloud = createNextcloudClient({ baseUrl: 'http://nextcloud.invalid', fetch: fetchFn }).session({
    subject: 'sub',
    getToken: async () => 'token',
  });
  return { seen, context: { nextcloud, logger: createSilentLogger(), openedUrl: () => undefined } };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      const first = toToolErrorResult(error, createSilentLogger()).content[0];
      return first?.type === 'text' ? first.text : '';
    },
  );
}

describe('nc_files_trash_list', () => {
  it('pages the trash newest deletion first, whatever order the server used', async () => {
    const body = multistatus([
      response('/remote.php/dav/trashbin/alice/trash/', '<d:resourcetype><d:collection/></d:resourcetype>'),
      trashItem('b.txt', 1795739100),
      trashItem('c.txt', 1795739102),
      trashItem('a.txt', 1795739101),
    ]);
    const { context } = scripted(() => ({ status: 207, body }));
    const first = await listTrashTool.run({ limit: 2, offset: 0 }, context);
    expect(first.items.map((item) => item.trashName)).toEqual(['c.txt.d1795739102', 'a.txt.d1795739101']);
    expect(first).toMatchObject({ total: 3, truncated: true, nextOffset: 2 });
    expect(first.items[0]).toMatchObject({
      name: 'c.txt',
      originalPath: 'Docs/c.txt',
      type: 'file',
      size: 3,
    });
    const last = await listTrashTool.run({ limit: 2, offset: 2 }, context);
    expect(last).toMatchObject({ total: 3, truncated: false });
    expect(last.nextOffset).toBeUndefined();
  });
});

describe('nc_files_trash_restore', () => {
  it('refuses a name that is not one trash entry before asking Nextcloud', async () => {
    const { seen, context } = scripted(() => ({ status: 500 }));
    for (const trashName of ['../x.txt.d1', 'Docs/x.txt.d1', 'x.txt']) {
      expect(await failure(restoreTrashItemTool.run({ trashName }, context))).toMatch(
        /^Invalid input: trashName: Invalid trash item name: /,
      );
    }
    expect(seen).toEqual([]);
  });

  it('says the item is not in the trash bin when Nextcloud answers 404', async () => {
    const { seen, context } = scripted(() => ({ status: 404 }));
    expect(await failure(restoreTrashItemTool.run({ trashName: 'gone.txt.d1795739101' }, context))).toBe(
      'Not found: "gone.txt.d1795739101" is not in the trash bin; list it with nc_files_trash_list.',
    );
    expect(seen).toEqual(['PROPFIND /remote.php/dav/trashbin/alice/trash/gone.txt.d1795739101']);
  });
});

describe('the versions tools', () => {
  const file = (type: 'file' | 'folder') =>
    multistatus([
      response(
        `/remote.php/dav/files/alice/Docs/a.txt${type === 'folder' ? '/' : ''}`,
        `<d:getetag>&quot;e1&quot;</d:getetag><d:getlastmodified>Fri, 27 Nov 2026 00:24:57 GMT</d:getlastmodified>` +
          `<oc:fileid>316</oc:fileid><d:resourcetype>${type === 'folder' ? '<d:collection/>' : ''}</d:resourcetype>`,
      ),
    ]);
  const versions = multistatus([
    response('/remote.php/dav/versions/alice/versions/316/', ''),
    ...[1795739094, 1795739097, 1795739095].map((t) =>
      response(
        `/remote.php/dav/versions/alice/versions/316/${t}`,
        `<d:getetag>${t}</d:getetag><d:getcontentlength>23</d:getcontentlength><nc:version-author>alice</nc:version-author>`,
      ),
    ),
  ]);

  it('lists versions newest first by the file id and marks the one named by the file’s mtime as current', async () => {
    const answers = scripted((_method, path) => ({
      status: 207,
      body: path.includes('/versions/') ? versions : file('file'),
    }));
    const result = await listVersionsTool.run({ path: '/Docs/a.txt' }, answers.context);
    expect(result.versions.map((v) => [v.versionId, v.current])).toEqual([
      ['1795739097', true],
      ['1795739095', false],
      ['1795739094', false],
    ]);
    expect(answers.seen).toEqual([
      'PROPFIND /remote.php/dav/files/alice/Docs/a.txt',
      'PROPFIND /remote.php/dav/versions/alice/versions/316',
    ]);
  });

  it('refuses a folder, and names the missing version when the restore answers 404', async () => {
    const folder = scripted(() => ({ status: 207, body: file('folder') }));
    expect(await failure(listVersionsTool.run({ path: 'Docs/a.txt' }, folder.context))).toBe(
      'Invalid input: path: is a folder; only files have versions',
    );
    const missing = scripted((method) =>
      method === 'MOVE' ? { status: 404 } : { status: 207, body: file('file') },
    );
    expect(
      await failure(restoreVersionTool.run({ path: 'Docs/a.txt', versionId: '12345' }, missing.context)),
    ).toBe('Not found: "Docs/a.txt" has no version "12345"; list them with nc_files_versions_list.');
    expect(missing.seen).toContain('MOVE /remote.php/dav/versions/alice/versions/316/12345');
  });
});
