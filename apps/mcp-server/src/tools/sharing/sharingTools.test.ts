import { createSilentLogger } from '@nc-mcp/logger';
import { createNextcloudClient, type Share } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { toToolErrorResult } from '../toolErrors.js';
import { createShareTool } from './createShare.js';
import { checkExpireDateInput, toShareOutput, whoCanSee } from './shareShapes.js';

const LINK: Share = {
  id: '20',
  kind: 'link',
  shareType: 3,
  path: 'Project',
  itemType: 'folder',
  permissions: 17,
  owner: 'alice',
  ownerDisplayName: 'Alice',
  shareWith: null,
  shareWithDisplayName: null,
  url: 'https://cloud.example/index.php/s/AbCdEfGhIjKlMnO',
  expiration: null,
  note: '',
  label: '',
  hasPassword: false,
  createdAt: 1,
};

/** A session whose every OCS call is recorded and answered by `answer`. */
function sessionAnswering(answer: (method: string, path: string) => unknown) {
  const seen: string[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    seen.push(`${method} ${url.pathname}`);
    const data = url.pathname.endsWith('/cloud/user') ? { id: 'alice' } : answer(method, url.pathname);
    const body = { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  const session = createNextcloudClient({ baseUrl: 'https://cloud.example', fetch: fetchFn }).session({
    subject: 'alice-sub',
    getToken: async () => 'token',
  });
  return { session, seen };
}

const context = (nextcloud: ReturnType<typeof sessionAnswering>['session']) => ({
  nextcloud,
  logger: createSilentLogger(),
  openedUrl: () => undefined,
});

describe('share output', () => {
  it('says plainly that anyone with an unprotected link can open the item, with the URL', () => {
    const share = toShareOutput(LINK);
    expect(share).toEqual({
      id: '20',
      type: 'link',
      path: 'Project',
      itemType: 'folder',
      permissions: ['read', 'share'],
      permissionBits: 17,
      owner: 'alice',
      url: LINK.url,
      hasPassword: false,
    });
    expect(whoCanSee(share)).toBe(
      `Anyone with the link can now open "Project" (read, share), no password needed: ${LINK.url}`,
    );
  });

  it('refuses invalid and long-past expiry dates, and accepts today', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(() => checkExpireDateInput('2026-02-30', now)).toThrow('not a valid date');
    expect(() => checkExpireDateInput('2026-11-01', now)).toThrow('in the past');
    expect(() => checkExpireDateInput('2026-11-27', now)).not.toThrow();
  });
});

describe('nc_share_create', () => {
  it('reports an existing user share instead of creating one, and sends nothing else', async () => {
    const { session, seen } = sessionAnswering(() => [
      {
        id: '17',
        share_type: 0,
        path: '/Project',
        item_type: 'folder',
        permissions: 1,
        uid_owner: 'alice',
        share_with: 'bob',
        share_with_displayname: 'Bob',
      },
    ]);
    const result = await createShareTool.run(
      { path: 'Project', type: 'user', shareWith: 'bob', permissions: ['read', 'update'] },
      context(session),
    );
    expect(result).toMatchObject({ alreadyShared: true, share: { id: '17', permissionBits: 1 } });
    expect(seen.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('refuses the home folder and a link with a recipient before calling Nextcloud', async () => {
    const { session, seen } = sessionAnswering(() => []);
    const refuse = async (input: Parameters<typeof createShareTool.run>[0]) =>
      toToolErrorResult(
        await createShareTool.run(input, context(session)).then(
          () => new Error('accepted'),
          (error: unknown) => error,
        ),
        createSilentLogger(),
      ).content;
    expect(await refuse({ path: '/', type: 'link' })).toEqual([
      { type: 'text', text: 'Invalid input: path: your home folder itself cannot be shared' },
    ]);
    expect(await refuse({ path: 'a.txt', type: 'link', shareWith: 'bob' })).toEqual([
      { type: 'text', text: 'Invalid input: shareWith: not for links' },
    ]);
    expect(await refuse({ path: 'a.txt', type: 'user', shareWith: 'bob', permissions: ['update'] })).toEqual([
      { type: 'text', text: 'Invalid input: permissions: must include "read"' },
    ]);
    expect(seen).toEqual([]);
  });
});
