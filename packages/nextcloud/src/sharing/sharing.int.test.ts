import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { isNextcloudError } from '../errors.js';
import { loadFixture } from '../testing/fixtures.js';
import {
  createRouter,
  fixtureReply,
  type ReplayServer,
  type Router,
  startReplayServer,
} from '../testing/replayServer.js';
import { staticTokenSource } from '../testing/tokenSources.js';
import { permissionBits, permissionNames } from './share.js';

const SHARES = '/ocs/v2.php/apps/files_sharing/api/v1/shares';
const reply = (id: string) => fixtureReply(loadFixture(id));

let server: ReplayServer;
let router: Router;
let session: NextcloudSession;

beforeEach(async () => {
  router = createRouter();
  server = await startReplayServer((request) => router.route(request));
  session = createNextcloudClient({ baseUrl: server.baseUrl }).session(
    staticTokenSource('sub', 'share-token'),
  );
});
afterEach(() => server.close());

describe('sharing against the recorded answers', () => {
  it('creates a link with password and expiry as JSON, and reports the password only as present (sharing/005)', async () => {
    router.on('POST', SHARES, reply('sharing/005'));

    const share = await session.sharing.create({
      path: 'Project/',
      kind: 'link',
      password: 'Secret-Link-Pw-1',
      expireDate: '2027-01-31',
      label: 'For partners',
      permissions: 1,
    });

    const [request] = server.requests;
    expect(request?.headers['ocs-apirequest']).toBe('true');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.url).toBe(`${SHARES}?format=json`);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      path: '/Project',
      shareType: 3,
      password: 'Secret-Link-Pw-1',
      expireDate: '2027-01-31',
      label: 'For partners',
      permissions: 1,
    });
    expect(share).toEqual({
      id: '20',
      kind: 'link',
      shareType: 3,
      path: 'Project',
      itemType: 'folder',
      permissions: 17,
      owner: 'fixture',
      ownerDisplayName: 'Fixture User',
      shareWith: null,
      shareWithDisplayName: null,
      url: 'http://127.0.0.1:8080/index.php/s/<share-token-2>',
      expiration: '2027-01-31',
      note: '',
      label: 'For partners',
      hasPassword: true,
      createdAt: 1795739125,
    });
    expect(JSON.stringify(share)).not.toContain('redacted');
  });

  it('reads one share out of the one-element list Nextcloud answers (sharing/011)', async () => {
    router.on('GET', `${SHARES}/17`, reply('sharing/011'));
    expect(await session.sharing.get('17')).toMatchObject({
      id: '17',
      kind: 'user',
      shareWith: 'bob',
      permissions: 1,
      path: 'share-me.txt',
      hasPassword: false,
    });
  });

  it("lists what was shared with the caller, in the recipient's paths (sharing/020)", async () => {
    router.on('GET', SHARES, reply('sharing/020'));
    const shares = await session.sharing.list({ sharedWithMe: true });
    expect(server.requests[0]?.url).toBe(`${SHARES}?shared_with_me=true&format=json`);
    expect(shares.map((s) => [s.id, s.owner, s.path])).toEqual([
      ['2', 'admin', 'Docs'],
      ['18', 'fixture', 'Project'],
      ['17', 'fixture', 'share-me.txt'],
    ]);
  });

  it('asks for one item’s shares with its normalised path', async () => {
    router.on('GET', SHARES, reply('sharing/009'));
    await session.sharing.list({ path: '//share-me.txt', reshares: true });
    expect(server.requests[0]?.url).toBe(`${SHARES}?path=%2Fshare-me.txt&reshares=true&format=json`);
  });

  it('maps the recorded failures to codes: bad path 404, yourself 403, bad permissions 400', async () => {
    router.on('POST', SHARES, reply('sharing/024'), reply('sharing/027'));
    router.on('PUT', `${SHARES}/17`, reply('sharing/017'));
    const codes = async (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => (isNextcloudError(error) ? error.code : 'other'),
      );
    expect(await codes(session.sharing.create({ path: 'no/such', kind: 'user', shareWith: 'bob' }))).toBe(
      'not_found',
    );
    expect(await codes(session.sharing.create({ path: 'a.txt', kind: 'user', shareWith: 'fixture' }))).toBe(
      'forbidden',
    );
    expect(await codes(session.sharing.update('17', { permissions: 999 }))).toBe('bad_request');
  });

  it('refuses traversal, bad share ids and empty updates before sending anything', async () => {
    await expect(session.sharing.create({ path: '../x', kind: 'link' })).rejects.toMatchObject({
      code: 'invalid_path',
    });
    await expect(session.sharing.get('17/../../x')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(session.sharing.update('17', {})).rejects.toMatchObject({ code: 'bad_request' });
    expect(server.requests).toEqual([]);
  });

  it('reads users and groups of a sharee search, exact matches first (sharing/033, 035)', async () => {
    router.on(
      'GET',
      '/ocs/v2.php/apps/files_sharing/api/v1/sharees',
      reply('sharing/035'),
      reply('sharing/033'),
    );
    expect(await session.sharing.searchSharees('carol')).toEqual([
      { kind: 'user', id: 'carol', label: 'carol', unique: 'carol', exact: true },
    ]);
    expect(await session.sharing.searchSharees('bo')).toEqual([
      { kind: 'user', id: 'bob', label: 'bob', unique: 'bob', exact: false },
    ]);
    expect(server.requests[1]?.url).toContain('search=bo&itemType=file&perPage=20&lookup=false');
  });
});

describe('share permissions', () => {
  it('names the bits and back', () => {
    expect(permissionNames(19)).toEqual(['read', 'update', 'share']);
    expect(permissionBits(['read', 'share'])).toBe(17);
  });
});
