import { type DevNextcloud, hashedUserId, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from './createNextcloudClient.js';
import { isNextcloudError } from './errors.js';
import type { TokenSource } from './tokenSource.js';

// Round trips against the Nextcloud test double, which validates bearer JWTs like user_oidc and is
// held to the recorded fixtures. The uid is user_oidc's default hash, so nothing may assume a username.
let issuer: TestIssuer;
let nextcloud: DevNextcloud;
let session: NextcloudSession;
const SUB = 'sub-alice-0001';

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
  const tokenSource: TokenSource = {
    subject: SUB,
    getToken: async () =>
      issuer.sign({ sub: SUB, aud: 'nextcloud', preferred_username: 'alice', name: 'Alice' }),
  };
  session = createNextcloudClient({ baseUrl: nextcloud.url }).session(tokenSource);
});

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('against the Nextcloud test double', () => {
  it('reads the hashed user id from cloud/user', async () => {
    expect(await session.userId()).toBe(hashedUserId(1, SUB));
    expect(await session.ocs.currentUser()).toMatchObject({ id: hashedUserId(1, SUB) });
  });

  it('round-trips a note: create, get, list by category, update, stale etag, append, delete', async () => {
    const created = await session.notes.create({
      title: 'Plan',
      content: 'first',
      category: 'Work/Projects',
    });
    expect(created).toMatchObject({ title: 'Plan', content: 'first', category: 'Work/Projects' });

    const fetched = await session.notes.get(created.id);
    expect(fetched.etag).toBe(created.etag);

    await session.notes.create({ title: 'Elsewhere', content: 'x', category: 'Home' });
    const inCategory = await session.notes.list({ category: 'Work/Projects' });
    expect(inCategory.map((n) => n.title)).toEqual(['Plan']);

    const updated = await session.notes.update(created.id, { content: 'second' }, { etag: created.etag });
    expect(updated.content).toBe('second');
    expect(updated.etag).not.toBe(created.etag);

    const stale = await session.notes
      .update(created.id, { content: 'lost' }, { etag: created.etag })
      .catch((e: unknown) => e);
    expect(isNextcloudError(stale, 'conflict')).toBe(true);
    expect(stale).toMatchObject({
      status: 412,
      current: { id: created.id, content: 'second', etag: updated.etag },
    });

    const appended = await session.notes.append(created.id, 'third');
    expect(appended.content).toBe('second\nthird');

    expect((await session.notes.search('THIRD')).map((n) => n.id)).toEqual([created.id]);

    await session.notes.delete(created.id);
    await expect(session.notes.get(created.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('round-trips files: mkcol, put, propfind, get, conditional put, search, move, delete', async () => {
    await session.webdav.mkcol('Round Trip');
    await expect(session.webdav.mkcol('Round Trip')).rejects.toMatchObject({ code: 'conflict' });

    const written = await session.webdav.put('Round Trip/Ünïcödé café.txt', 'hello\n');
    expect(written.created).toBe(true);
    await expect(
      session.webdav.put('Round Trip/Ünïcödé café.txt', 'again', { createOnly: true }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const listing = await session.webdav.propfind('Round Trip');
    expect(listing.map((e) => [e.path, e.type])).toEqual([
      ['Round Trip', 'folder'],
      ['Round Trip/Ünïcödé café.txt', 'file'],
    ]);
    expect(listing[1]).toMatchObject({ size: 6, fileId: expect.any(Number), etag: written.etag });

    const read = await session.webdav.get('Round Trip/Ünïcödé café.txt');
    expect(read.content).toBe('hello\n');

    const rewritten = await session.webdav.put('Round Trip/Ünïcödé café.txt', 'hello again\n', {
      etag: read.etag,
    });
    expect(rewritten.created).toBe(false);
    await expect(
      session.webdav.put('Round Trip/Ünïcödé café.txt', 'stale', { etag: 'not-the-etag' }),
    ).rejects.toMatchObject({ code: 'conflict', status: 412 });

    const found = await session.webdav.search({ nameContains: 'café', under: 'Round Trip' });
    expect(found.map((e) => e.path)).toEqual(['Round Trip/Ünïcödé café.txt']);

    await session.webdav.move('Round Trip/Ünïcödé café.txt', 'Round Trip/renamed.txt');
    await expect(session.webdav.get('Round Trip/Ünïcödé café.txt')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await session.webdav.get('Round Trip/renamed.txt')).content).toBe('hello again\n');

    await session.webdav.delete('Round Trip');
    await expect(session.webdav.propfind('Round Trip')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('maps a token for another audience to unauthorized', async () => {
    const wrongAudience = createNextcloudClient({ baseUrl: nextcloud.url }).session({
      subject: 'other',
      getToken: async () => issuer.sign({ sub: 'other', aud: 'mcp-server' }),
    });
    await expect(wrongAudience.notes.list()).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
