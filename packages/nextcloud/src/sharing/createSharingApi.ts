import { NextcloudError } from '../errors.js';
import type { HttpCore } from '../http.js';
import { ocsRequest } from '../ocs.js';
import { normalizeUserPath } from '../paths.js';
import type { TokenSource } from '../tokenSource.js';
import { type Share, toShare, toShareList } from './share.js';
import { type Sharee, toSharees } from './sharee.js';

/** What a new share is: with a user, with a group, or a public link. */
export interface NewShare {
  /** The file or folder, relative to the files root (normalised; the root itself cannot be shared). */
  path: string;
  kind: 'user' | 'group' | 'link';
  /** The user or group id (required for user and group shares). */
  shareWith?: string;
  /** Bit mask; Nextcloud's default when left out (links: read-only). */
  permissions?: number;
  /** Link shares only. Sent in the body, never logged. */
  password?: string;
  /** 'YYYY-MM-DD'. */
  expireDate?: string;
  note?: string;
  /** Link shares only. */
  label?: string;
}

/** Fields of a share that can be changed; `expireDate: ''` and `password: ''` remove them. */
export interface ShareUpdate {
  permissions?: number;
  password?: string;
  expireDate?: string;
  note?: string;
  label?: string;
}

/** Which shares to list: the caller's own (all, one item's, or those inside a folder), or those shared with them. */
export interface ShareListOptions {
  sharedWithMe?: boolean;
  /** Only the shares of this item (own shares). */
  path?: string;
  /** With `path` of a folder: the shares of the items directly inside it instead (`subfiles`). */
  children?: boolean;
  /** With `path`: also the reshares others made of it (`reshares`). */
  reshares?: boolean;
}

/** The `files_sharing` OCS API (v2) of the signed-in user. */
export interface SharingApi {
  list(opts?: ShareListOptions): Promise<Share[]>;
  /** One share the caller owns or received; a missing or foreign one is `not_found` (sharing/032). */
  get(id: string): Promise<Share>;
  /**
   * Creates a share. A user share that already exists is answered with the existing share, unchanged
   * (sharing/028). A bad path or recipient is `not_found`; the root or yourself is `forbidden`.
   */
  create(share: NewShare): Promise<Share>;
  /** Changes a share; an expiry in the past is `not_found` on Nextcloud (sharing/018), bad permissions `bad_request`. */
  update(id: string, patch: ShareUpdate): Promise<Share>;
  /** Deletes an own share, or removes a received one from the caller's files. */
  delete(id: string): Promise<void>;
  /** Users and groups matching `term` (id, name or email), exact matches first. */
  searchSharees(term: string, opts?: { itemType?: 'file' | 'folder'; perPage?: number }): Promise<Sharee[]>;
}

const BASE = '/ocs/v2.php/apps/files_sharing/api/v1';
const SHARE_TYPE = { user: 0, group: 1, link: 3 } as const;
// Nextcloud's ids are database numbers; some providers prefix them ('ocinternal:17').
const SHARE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

function sharePath(id: string): string {
  if (!SHARE_ID.test(id)) throw new NextcloudError('bad_request', 'Invalid share id');
  return `${BASE}/shares/${encodeURIComponent(id)}`;
}

function pathParam(path: string): string {
  return `/${normalizeUserPath(path)}`;
}

function createBody(share: NewShare): Record<string, unknown> {
  const body: Record<string, unknown> = { path: pathParam(share.path), shareType: SHARE_TYPE[share.kind] };
  if (share.kind !== 'link') {
    if (!share.shareWith) throw new NextcloudError('bad_request', 'A user or group share needs shareWith');
    body.shareWith = share.shareWith;
  }
  if (share.permissions !== undefined) body.permissions = share.permissions;
  if (share.password !== undefined) body.password = share.password;
  if (share.expireDate !== undefined) body.expireDate = share.expireDate;
  if (share.note !== undefined) body.note = share.note;
  if (share.label !== undefined) body.label = share.label;
  return body;
}

/** Builds the sharing part of a session. */
export function createSharingApi(http: HttpCore, tokenSource: TokenSource): SharingApi {
  const call = (request: Parameters<typeof ocsRequest>[2]) => ocsRequest(http, tokenSource, request);

  return {
    async list(opts = {}) {
      const query: Record<string, string | undefined> = {};
      if (opts.sharedWithMe) query.shared_with_me = 'true';
      else if (opts.path !== undefined) {
        query.path = pathParam(opts.path);
        if (opts.children) query.subfiles = 'true';
        if (opts.reshares) query.reshares = 'true';
      }
      return toShareList(await call({ method: 'GET', path: `${BASE}/shares`, query }));
    },

    async get(id) {
      const [share] = toShareList(await call({ method: 'GET', path: sharePath(id) }));
      if (!share)
        throw new NextcloudError('not_found', 'The share was not found in Nextcloud', { status: 404 });
      return share;
    },

    async create(share) {
      return toShare(await call({ method: 'POST', path: `${BASE}/shares`, json: createBody(share) }));
    },

    async update(id, patch) {
      const body = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      // Nextcloud answers an empty update with 400 "Wrong or no update parameter given" (sharing/019).
      if (Object.keys(body).length === 0) throw new NextcloudError('bad_request', 'Nothing to update');
      return toShare(await call({ method: 'PUT', path: sharePath(id), json: body }));
    },

    async delete(id) {
      await call({ method: 'DELETE', path: sharePath(id) });
    },

    async searchSharees(term, opts = {}) {
      const data = await call({
        method: 'GET',
        path: `${BASE}/sharees`,
        query: {
          search: term,
          itemType: opts.itemType ?? 'file',
          perPage: opts.perPage ?? 20,
          // The global lookup server would send the term outside this Nextcloud.
          lookup: 'false',
        },
      });
      return toSharees(data);
    },
  };
}
