import { randomInt } from 'node:crypto';
import type { Request } from 'express';
import type { FsNode } from '../../store/node.js';
import type { ShareRecord } from '../../store/shareRegistry.js';
import type { UserAccount, UserStore } from '../../store/userStore.js';
import { type OcsResult, ocsFailure, ocsOk } from '../ocsResponse.js';
import { shareData } from './shareData.js';
import { searchSharees } from './sharees.js';
import {
  checkExpireDate,
  checkPermissions,
  initialPermissions,
  type Params,
  paramsOf,
} from './shareRules.js';

/** What the sharing routes need from the double. */
export interface SharingDeps {
  readonly store: UserStore;
  /** Accounts that exist before they first log in (Basic-auth users with an app password). */
  readonly accounts: readonly string[];
  readonly clock: () => number;
}

/** An OCS route, as the OCS router takes it. */
export interface SharingRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (user: UserAccount | null, match: RegExpExecArray, req: Request) => OcsResult;
}

const API = '^/apps/files_sharing/api/v1';
const WRONG_ID = 'Wrong share ID, share does not exist';
const WRONG_PATH = 'Wrong path, file/folder does not exist';
const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

function newToken(): string {
  let token = '';
  for (let i = 0; i < 15; i++) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}

function resolvePath(user: UserAccount, path: string): FsNode | undefined {
  return user.files.resolve(path.split('/').filter((segment) => segment !== '' && segment !== '.'));
}

/** A name the recipient does not use yet: 'a.txt', else 'a (2).txt', 'a (3).txt' … */
function targetFor(recipient: UserAccount, node: FsNode): string {
  const taken = new Set([
    ...recipient.files.root.children.keys(),
    ...recipient.shares
      .live()
      .filter((share) => share.recipient === recipient)
      .map((share) => share.fileTarget.slice(1)),
  ]);
  const dot = node.kind === 'file' ? node.name.lastIndexOf('.') : -1;
  const [stem, extension] = dot > 0 ? [node.name.slice(0, dot), node.name.slice(dot)] : [node.name, ''];
  let name = node.name;
  for (let n = 2; taken.has(name); n++) name = `${stem} (${n})${extension}`;
  return `/${name}`;
}

/** The files_sharing OCS routes (`/ocs/v{1,2}.php/apps/files_sharing/api/v1/…`). */
export function sharingRoutes(deps: SharingDeps): readonly SharingRoute[] {
  const findUser = (uid: string): UserAccount | undefined =>
    deps.store.get(uid) ?? (deps.accounts.includes(uid) ? deps.store.login(uid, 'basic') : undefined);
  const accounts = (): UserAccount[] => {
    for (const uid of deps.accounts) findUser(uid);
    return deps.store.all();
  };
  // Owner and recipient may see a share; anyone else gets the same 404 as for a missing id (sharing/032).
  const visible = (user: UserAccount, id: string): ShareRecord | undefined => {
    const share = /^\d+$/.test(id) ? user.shares.get(Number(id)) : undefined;
    return share && (share.owner === user || share.recipient === user) ? share : undefined;
  };
  const today = () => new Date(deps.clock()).toISOString().slice(0, 10);

  function list(user: UserAccount, req: Request): OcsResult {
    const query = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    const render = (shares: ShareRecord[]) =>
      ocsOk(shares.map((s) => shareData(s, user.uid, baseUrlOf(req))));
    if (query('shared_with_me') === 'true') {
      const received = user.shares.live().filter((share) => share.recipient === user);
      return render(received.sort((a, b) => a.fileTarget.localeCompare(b.fileTarget)));
    }
    const own = user.shares.live().filter((share) => share.owner === user);
    if (query('path') === '') return render(own);
    const node = resolvePath(user, query('path'));
    if (!node) return ocsFailure(404, WRONG_PATH);
    if (query('subfiles') === 'true') {
      if (node.kind !== 'folder') return ocsFailure(400, 'Not a directory');
      return render(own.filter((share) => share.node.parent === node));
    }
    return render(own.filter((share) => share.node === node));
  }

  function create(user: UserAccount, req: Request): OcsResult {
    const params = paramsOf(req);
    if (params.path === undefined || params.path === '')
      return ocsFailure(404, 'Please specify a file or folder path');
    const node = resolvePath(user, params.path);
    if (!node) return ocsFailure(404, WRONG_PATH);
    const shareType = Number(params.shareType);
    if (params.shareType === undefined || ![0, 1, 3].includes(shareType))
      return ocsFailure(400, 'Unknown share type');
    let recipient: UserAccount | null = null;
    if (shareType === 0) {
      recipient = params.shareWith ? (findUser(params.shareWith) ?? null) : null;
      if (!recipient) return ocsFailure(404, 'Please specify a valid account to share with');
    }
    // The double has no groups: every group is unknown.
    if (shareType === 1) return ocsFailure(404, 'Please specify a valid group');
    if (recipient === user) return ocsFailure(403, 'Cannot share with yourself');
    if (node === user.files.root) return ocsFailure(403, 'You cannot share your root folder');
    const permissions = initialPermissions(params.permissions, shareType, node);
    if (typeof permissions === 'string') return ocsFailure(400, permissions);
    const expiration = params.expireDate ? checkExpireDate(params.expireDate, today()) : { value: null };
    if ('error' in expiration) return ocsFailure(404, expiration.error);
    if (recipient) {
      // Nextcloud 34 answers a repeated user share with the existing one, unchanged (sharing/028).
      const existing = user.shares.on(node).find((share) => share.recipient === recipient);
      if (existing) return ocsOk(shareData(existing, user.uid, baseUrlOf(req)));
    }
    const link = shareType === 3;
    const share = user.shares.add({
      shareType: shareType as 0 | 3,
      owner: user,
      node,
      recipient,
      fileTarget: recipient ? targetFor(recipient, node) : `/${node.name}`,
      permissions,
      expiration: expiration.value,
      note: params.note ?? '',
      label: link ? (params.label ?? '') : '',
      password: link && params.password ? params.password : null,
      token: link ? newToken() : null,
      stime: Math.floor(deps.clock() / 1000),
    });
    return ocsOk(shareData(share, user.uid, baseUrlOf(req), true));
  }

  function update(user: UserAccount, id: string, req: Request): OcsResult {
    const share = visible(user, id);
    if (!share) return ocsFailure(404, WRONG_ID);
    if (share.owner !== user) return ocsFailure(403, 'You are not allowed to edit incoming shares');
    const params: Params = paramsOf(req);
    const { permissions, password, expireDate, note, label } = params;
    if ([permissions, password, expireDate, note, label].every((value) => value === undefined)) {
      return ocsFailure(400, 'Wrong or no update parameter given');
    }
    let nextPermissions = share.permissions;
    if (permissions !== undefined) {
      const checked = checkPermissions(permissions, share.shareType, share.node);
      if (checked === undefined) return ocsFailure(400, 'Failed to update share.');
      if ((checked & 5) === 0) return ocsFailure(400, 'Share must at least have READ or CREATE permissions');
      nextPermissions = checked;
    }
    let expiration = share.expiration;
    if (expireDate !== undefined) {
      const checked = expireDate === '' ? { value: null } : checkExpireDate(expireDate, today());
      if ('error' in checked) return ocsFailure(404, checked.error);
      expiration = checked.value;
    }
    // Nothing is written unless every value passed.
    share.permissions = nextPermissions;
    share.expiration = expiration;
    if (note !== undefined) share.note = note;
    if (share.shareType === 3) {
      if (label !== undefined) share.label = label;
      if (password !== undefined) share.password = password === '' ? null : password;
    }
    return ocsOk(shareData(share, user.uid, baseUrlOf(req)));
  }

  const shares = `${API}/shares`;
  return [
    { method: 'GET', pattern: new RegExp(`${shares}$`), handle: (user, _m, req) => list(user!, req) },
    { method: 'POST', pattern: new RegExp(`${shares}$`), handle: (user, _m, req) => create(user!, req) },
    // Received shares are accepted automatically on this setup (sharing/023).
    { method: 'GET', pattern: new RegExp(`${shares}/pending$`), handle: () => ocsOk([]) },
    {
      method: 'GET',
      pattern: new RegExp(`${shares}/([^/]+)$`),
      handle: (user, match, req) => {
        const share = visible(user!, match[1] ?? '');
        // One share comes as a one-element list (sharing/011).
        return share ? ocsOk([shareData(share, user!.uid, baseUrlOf(req))]) : ocsFailure(404, WRONG_ID);
      },
    },
    {
      method: 'PUT',
      pattern: new RegExp(`${shares}/([^/]+)$`),
      handle: (user, m, req) => update(user!, m[1] ?? '', req),
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`${shares}/([^/]+)$`),
      // The owner deletes the share; a recipient of a user share removes it, which deletes it too (sharing/042).
      handle: (user, match) => {
        const share = visible(user!, match[1] ?? '');
        if (!share) return ocsFailure(404, WRONG_ID);
        user!.shares.remove(share.id);
        return ocsOk([]);
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${API}/sharees$`),
      handle: (user, _m, req) => ocsOk(searchSharees(user!, accounts(), req)),
    },
  ];
}
