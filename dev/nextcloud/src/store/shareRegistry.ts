import type { FsNode } from './node.js';
import type { UserAccount } from './userStore.js';

/** `share_type` numbers the double serves: user, group (always refused: the double has no groups), link. */
export type ServedShareType = 0 | 1 | 3;

/** One share of a node of its owner's tree. */
export interface ShareRecord {
  readonly id: number;
  readonly shareType: ServedShareType;
  readonly owner: UserAccount;
  readonly node: FsNode;
  /** The recipient of a user share. */
  readonly recipient: UserAccount | null;
  /** Where the recipient sees it: '/' + name, suffixed ' (2)' … when that name is taken. */
  readonly fileTarget: string;
  permissions: number;
  /** 'YYYY-MM-DD HH:MM:SS' as Nextcloud reports it, or null. */
  expiration: string | null;
  note: string;
  label: string;
  /** Kept only to say whether there is one; never rendered. */
  password: string | null;
  /** Public links: 15 characters [A-Za-z0-9]. */
  readonly token: string | null;
  readonly stime: number;
}

/**
 * Every share of one double. A share lives as long as its node is in its owner's tree: deleting the
 * node (or a folder above it) deletes its shares, as Nextcloud does; moving it keeps them.
 */
export class ShareRegistry {
  private readonly shares = new Map<number, ShareRecord>();
  private readonly storages = new Map<string, number>();
  private lastId = 0;

  /** Adds a share with the next id (a database sequence shared by all users). */
  add(share: Omit<ShareRecord, 'id'>): ShareRecord {
    this.lastId += 1;
    const record: ShareRecord = { ...share, id: this.lastId };
    this.shares.set(record.id, record);
    return record;
  }

  get(id: number): ShareRecord | undefined {
    return this.live().find((share) => share.id === id);
  }

  remove(id: number): void {
    this.shares.delete(id);
  }

  /** The live shares, in id order; shares of deleted nodes are dropped on the way. */
  live(): ShareRecord[] {
    const out: ShareRecord[] = [];
    for (const share of this.shares.values()) {
      if (share.owner.files.isWithin(share.node, share.owner.files.root)) out.push(share);
      else this.shares.delete(share.id);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** The share types on `node` (the `oc:share-types` of its owner's PROPFIND), ascending and distinct. */
  typesOn(node: FsNode): number[] {
    const types = new Set(
      this.live()
        .filter((share) => share.node === node)
        .map((share) => share.shareType),
    );
    return [...types].sort((a, b) => a - b);
  }

  /** The shares on `node`, in id order. */
  on(node: FsNode): ShareRecord[] {
    return this.live().filter((share) => share.node === node);
  }

  /** The numeric storage id of a user's home (`storage` in share data), stable per user. */
  storageOf(uid: string): number {
    let storage = this.storages.get(uid);
    if (storage === undefined) {
      storage = this.storages.size + 1;
      this.storages.set(uid, storage);
    }
    return storage;
  }

  clear(): void {
    this.shares.clear();
    this.storages.clear();
    this.lastId = 0;
  }
}
