import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';

// The sharing client against the test double, which holds per-user share state like Nextcloud.
let issuer: TestIssuer;
let nextcloud: DevNextcloud;
let withoutSharing: DevNextcloud;

function sessionFor(server: DevNextcloud, sub: string): NextcloudSession {
  return createNextcloudClient({ baseUrl: server.url }).session({
    subject: sub,
    getToken: async () =>
      issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub, name: `${sub} name` }),
  });
}

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer });
  withoutSharing = await startDevNextcloud({ issuer: issuer.issuer, apps: { files_sharing: false } });
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await withoutSharing?.close();
  await issuer?.close();
});

describe('sharing on the double', () => {
  it('shares a file with another user, who sees it shared with them; the owner sees share flags', async () => {
    const owner = sessionFor(nextcloud, 'sharer-1');
    const recipient = sessionFor(nextcloud, 'recipient-1');
    await recipient.userId(); // user_oidc creates an account at its first request
    await owner.webdav.mkcol('Team');
    await owner.webdav.put('Team/plan.md', 'plan');

    const share = await owner.sharing.create({
      path: 'Team/plan.md',
      kind: 'user',
      shareWith: 'recipient-1',
    });
    expect(share).toMatchObject({
      kind: 'user',
      shareWith: 'recipient-1',
      permissions: 19,
      path: 'Team/plan.md',
    });
    const link = await owner.sharing.create({
      path: 'Team/plan.md',
      kind: 'link',
      password: 'pw-Long-enough-1',
    });
    expect(link).toMatchObject({ kind: 'link', hasPassword: true, permissions: 17 });
    expect(link.url).toMatch(new RegExp(`^${nextcloud.url}/index.php/s/[A-Za-z0-9]{15}$`));

    expect(await recipient.sharing.list({ sharedWithMe: true })).toMatchObject([
      { id: share.id, owner: 'sharer-1', path: 'plan.md' },
    ]);
    const [entry] = await owner.webdav.propfind('Team/plan.md', { depth: 0 });
    expect(entry?.shareTypes).toEqual([0, 3]);
    const [folder] = await owner.webdav.propfind('Team', { depth: 0 });
    expect(folder?.shareTypes).toEqual([]);

    // A duplicate user share answers the existing share, unchanged.
    const again = await owner.sharing.create({
      path: 'Team/plan.md',
      kind: 'user',
      shareWith: 'recipient-1',
      permissions: 1,
    });
    expect(again).toMatchObject({ id: share.id, permissions: 19 });
  });

  it('updates and deletes; a deleted file takes its shares with it', async () => {
    const owner = sessionFor(nextcloud, 'sharer-2');
    await owner.webdav.put('doc.txt', 'x');
    const link = await owner.sharing.create({ path: 'doc.txt', kind: 'link' });
    const updated = await owner.sharing.update(link.id, {
      expireDate: '2099-12-31',
      note: 'n',
      password: 'Pw-1-long-one',
    });
    expect(updated).toMatchObject({ expiration: '2099-12-31', note: 'n', hasPassword: true });
    await expect(owner.sharing.update(link.id, { expireDate: '2000-01-01' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(owner.sharing.update(link.id, { permissions: 99 })).rejects.toMatchObject({
      code: 'bad_request',
    });

    await owner.sharing.delete(link.id);
    await expect(owner.sharing.get(link.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(owner.sharing.delete(link.id)).rejects.toMatchObject({ code: 'not_found' });

    const second = await owner.sharing.create({ path: 'doc.txt', kind: 'link' });
    await owner.webdav.delete('doc.txt');
    await expect(owner.sharing.get(second.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses the home root, yourself, unknown users and groups, and other users’ shares', async () => {
    const owner = sessionFor(nextcloud, 'sharer-3');
    const stranger = sessionFor(nextcloud, 'stranger-3');
    await owner.webdav.put('mine.txt', 'x');
    await expect(owner.sharing.create({ path: '/', kind: 'link' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      owner.sharing.create({ path: 'mine.txt', kind: 'user', shareWith: 'sharer-3' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      owner.sharing.create({ path: 'mine.txt', kind: 'user', shareWith: 'nobody-here' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      owner.sharing.create({ path: 'mine.txt', kind: 'group', shareWith: 'staff' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const link = await owner.sharing.create({ path: 'mine.txt', kind: 'link' });
    await expect(stranger.sharing.get(link.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(stranger.sharing.delete(link.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds sharees by name, exact matches first, never the caller', async () => {
    const me = sessionFor(nextcloud, 'finder-4');
    await sessionFor(nextcloud, 'findme-4').userId();
    const found = await me.sharing.searchSharees('findme-4 name');
    expect(found).toEqual([
      { kind: 'user', id: 'findme-4', label: 'findme-4 name', unique: 'findme-4', exact: true },
    ]);
    expect((await me.sharing.searchSharees('find')).map((s) => s.id)).not.toContain('finder-4');
  });
});

describe('a Nextcloud without files_sharing', () => {
  it('has no files_sharing capability and no sharing API', async () => {
    const session = sessionFor(withoutSharing, 'lonely-5');
    expect(Object.keys((await session.ocs.capabilities()).capabilities)).not.toContain('files_sharing');
    await expect(session.sharing.list()).rejects.toMatchObject({ code: 'not_found' });
  });
});
