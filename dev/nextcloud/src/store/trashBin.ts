import type { FsNode } from './node.js';

/** One deleted file or folder, detached from the tree with everything below it (and its versions). */
export interface TrashItem {
  /** The name in the trash: `<name>.d<deletion time>` (webdav/066). */
  readonly trashName: string;
  readonly node: FsNode;
  /** Names of the folder it was deleted from ([] for the root). */
  readonly location: readonly string[];
  /** Unix seconds. */
  readonly deletedAt: number;
}

/** files_trashbin's name for a deleted item: the name, `.d`, the deletion time. */
export function trashName(name: string, deletedAt: number): string {
  return `${name}.d${deletedAt}`;
}

/** One user's trash bin (files_trashbin), in memory. */
export class TrashBin {
  private readonly items = new Map<string, TrashItem>();

  /**
   * Keeps a deleted node. A second item of the same name deleted in the same second takes the first
   * one's place: Nextcloud unlinks whatever already sits at the trash path.
   */
  add(node: FsNode, location: readonly string[], deletedAt: number): TrashItem {
    const item: TrashItem = { trashName: trashName(node.name, deletedAt), node, location, deletedAt };
    this.items.set(item.trashName, item);
    return item;
  }

  /** Newest deletion first, as the recording lists them (webdav/066). */
  list(): TrashItem[] {
    return [...this.items.values()].sort(
      (a, b) => b.deletedAt - a.deletedAt || (a.trashName < b.trashName ? 1 : -1),
    );
  }

  get(name: string): TrashItem | undefined {
    return this.items.get(name);
  }

  /** Removes and returns an item (restore, or delete for good). */
  take(name: string): TrashItem | undefined {
    const item = this.items.get(name);
    this.items.delete(name);
    return item;
  }

  /** Empties the trash bin. */
  clear(): void {
    this.items.clear();
  }
}
