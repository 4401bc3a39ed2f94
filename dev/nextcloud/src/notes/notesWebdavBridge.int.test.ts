import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevNextcloud, startDevNextcloud } from '../index.js';
import { ncClient } from '../testing/ncClient.js';

let nc: DevNextcloud;
let call: ReturnType<typeof ncClient>;
const basic: [string, string] = ['alice', 'pw'];
const NOTES = '/index.php/apps/notes/api/v1/notes';
const JSON_BODY = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  nc = await startDevNextcloud({ issuer: 'http://127.0.0.1:1', appPasswords: { alice: 'pw' } });
  call = ncClient(nc.url);
});

afterAll(async () => {
  await nc.close();
});

describe('notes are files in Notes/', () => {
  it('stores an API note as Notes/<category>/<title>.md whose file id is the note id', async () => {
    const created = JSON.parse(
      (
        await call('POST', NOTES, {
          basic,
          headers: JSON_BODY,
          body: '{"title":"Plan","content":"# Plan","category":"Work"}',
        })
      ).text,
    ) as { id: number; etag: string };
    const propfind = await call('PROPFIND', '/remote.php/dav/files/alice/Notes/Work/Plan.md', {
      basic,
      headers: { Depth: '0' },
      body: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/><d:getetag/></d:prop></d:propfind>',
    });
    expect(propfind.text).toContain(`<oc:fileid>${created.id}</oc:fileid>`);
    // The note etag is not the file's ETag (quirk 27).
    expect(propfind.text).not.toContain(created.etag);
    expect((await call('GET', '/remote.php/dav/files/alice/Notes/Work/Plan.md', { basic })).text).toBe(
      '# Plan',
    );
  });

  it('lists a .txt written over WebDAV as a note, ignores other extensions, and sees WebDAV edits', async () => {
    await call('PUT', '/remote.php/dav/files/alice/Notes/todo.txt', { basic, body: 'one' });
    await call('PUT', '/remote.php/dav/files/alice/Notes/scan.pdf', { basic, body: '%PDF' });
    const list = JSON.parse((await call('GET', `${NOTES}?exclude=content`, { basic })).text) as Array<{
      id: number;
      title: string;
    }>;
    expect(list.map((note) => note.title).sort()).toEqual(['Plan', 'todo']);
    const todo = list.find((note) => note.title === 'todo');
    const before = JSON.parse((await call('GET', `${NOTES}/${todo?.id}`, { basic })).text) as {
      etag: string;
    };
    await call('PUT', '/remote.php/dav/files/alice/Notes/todo.txt', { basic, body: 'two' });
    const after = JSON.parse((await call('GET', `${NOTES}/${todo?.id}`, { basic })).text) as {
      etag: string;
      content: string;
    };
    expect(after.content).toBe('two');
    expect(after.etag).not.toBe(before.etag);
  });

  it('renames the file on a title change, moves it on a category change and removes the emptied folder', async () => {
    const note = JSON.parse((await call('GET', `${NOTES}?category=Work`, { basic })).text)[0] as {
      id: number;
    };
    await call('PUT', `${NOTES}/${note.id}`, {
      basic,
      headers: JSON_BODY,
      body: '{"title":"Roadmap","category":"Later"}',
    });
    expect((await call('GET', '/remote.php/dav/files/alice/Notes/Later/Roadmap.md', { basic })).status).toBe(
      200,
    );
    expect(
      (await call('PROPFIND', '/remote.php/dav/files/alice/Notes/Work/', { basic, headers: { Depth: '0' } }))
        .status,
    ).toBe(404);
  });

  it('answers a stale If-Match with 412 and the current note', async () => {
    const note = JSON.parse((await call('GET', `${NOTES}?category=Later`, { basic })).text)[0] as {
      id: number;
      etag: string;
    };
    const stale = await call('PUT', `${NOTES}/${note.id}`, {
      basic,
      headers: { ...JSON_BODY, 'If-Match': '"0000"' },
      body: '{"content":"lost"}',
    });
    expect(stale.status).toBe(412);
    expect(JSON.parse(stale.text)).toMatchObject({ id: note.id, etag: note.etag, content: '# Plan' });
  });
});
