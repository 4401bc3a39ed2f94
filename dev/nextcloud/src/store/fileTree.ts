import type { IdSequence } from './ids.js';
import { newFileEtag, newFolderEtag } from './ids.js';
import type { FileNode, FolderNode, FsNode } from './node.js';
import { TrashBin } from './trashBin.js';

/** Milliseconds since the epoch; injected so tests can control file timestamps. */
export type Clock = () => number;

/**
 * One user's home folder, in memory. Every change propagates a new ETag and mtime up to the root,
 * as Nextcloud's propagator does, so clients can detect changes below a folder from its ETag.
 */
export class FileTree {
  readonly root: FolderNode;
  /** What `remove` took out of the tree (files_trashbin). */
  readonly trash = new TrashBin();

  constructor(
    private readonly ids: IdSequence,
    private readonly clock: Clock,
  ) {
    this.root = this.newFolder('', null);
  }

  /** The node at `segments` (already decoded names), or undefined. */
  resolve(segments: readonly string[]): FsNode | undefined {
    let node: FsNode = this.root;
    for (const segment of segments) {
      if (node.kind !== 'folder') return undefined;
      const child: FsNode | undefined = node.children.get(segment);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  /** Names from the root down to `node` (empty for the root). */
  pathOf(node: FsNode): string[] {
    const names: string[] = [];
    for (let current: FsNode | null = node; current?.parent; current = current.parent)
      names.unshift(current.name);
    return names;
  }

  /** Children in creation (file id) order, which is how Nextcloud lists them. */
  childrenOf(folder: FolderNode): FsNode[] {
    return [...folder.children.values()].sort((a, b) => a.id - b.id);
  }

  /** `node` and its descendants down to `depth` levels (Infinity for all), depth-first. */
  walk(node: FsNode, depth: number): FsNode[] {
    const out: FsNode[] = [node];
    if (node.kind === 'folder' && depth > 0) {
      for (const child of this.childrenOf(node)) out.push(...this.walk(child, depth - 1));
    }
    return out;
  }

  /** Bytes of a file, or the recursive total of a folder. */
  sizeOf(node: FsNode): number {
    if (node.kind === 'file') return node.content.length;
    let total = 0;
    for (const child of node.children.values()) total += this.sizeOf(child);
    return total;
  }

  /** Whether `node` is `ancestor` or lies below it. */
  isWithin(node: FsNode, ancestor: FolderNode): boolean {
    for (let current: FsNode | null = node; current; current = current.parent) {
      if (current === ancestor) return true;
    }
    return false;
  }

  createFolder(parent: FolderNode, name: string): FolderNode {
    const folder = this.newFolder(name, parent);
    parent.children.set(name, folder);
    this.changed(parent);
    return folder;
  }

  /** Creates the folders along `names` below `parent` as needed and returns the last one. */
  ensureFolders(parent: FolderNode, names: readonly string[]): FolderNode {
    let folder = parent;
    for (const name of names) {
      const existing = folder.children.get(name);
      if (existing?.kind === 'folder') folder = existing;
      else if (existing) throw new Error(`a file is in the way of folder ${name}`);
      else folder = this.createFolder(folder, name);
    }
    return folder;
  }

  /** Creates or overwrites a file; a write always gets a new ETag. */
  writeFile(
    parent: FolderNode,
    name: string,
    content: Buffer,
    mtime?: number,
  ): { file: FileNode; created: boolean } {
    const existing = parent.children.get(name);
    if (existing?.kind === 'folder') throw new Error(`${name} is a folder`);
    const now = mtime ?? this.nowSeconds();
    if (existing) {
      // files_versions keeps the replaced content under the mtime it had; a write within the same second
      // replaces that second's content instead (webdav/008–009 leave one version, webdav/067).
      if (existing.mtime !== now) existing.versions.set(existing.mtime, existing.content);
      existing.content = content;
      existing.mtime = now;
      existing.etag = newFileEtag();
      this.changed(parent);
      return { file: existing, created: false };
    }
    const file: FileNode = {
      kind: 'file',
      id: this.ids.next(),
      name,
      parent,
      mtime: now,
      etag: newFileEtag(),
      favorite: false,
      deadProps: new Map(),
      content,
      versions: new Map(),
    };
    parent.children.set(name, file);
    this.changed(parent);
    return { file, created: true };
  }

  /** Sets a node's mtime explicitly (X-OC-Mtime, the Notes API `modified`). */
  setMtime(node: FsNode, mtime: number): void {
    node.mtime = mtime;
    if (node.kind === 'file') node.etag = newFileEtag();
    if (node.parent) this.changed(node.parent);
  }

  /** Deletes a node the way Nextcloud does: into the trash bin, as `<name>.d<unix time>` (quirk 18). */
  remove(node: FsNode): void {
    const parent = node.parent;
    if (!parent) throw new Error('the home folder cannot be removed');
    const location = this.pathOf(parent);
    parent.children.delete(node.name);
    node.parent = null;
    this.trash.add(node, location, this.nowSeconds());
    this.changed(parent);
  }

  /**
   * Restores a trash item as files_trashbin does: into its original folder, or the root when that folder
   * is gone, renamed `<name> (restored).<ext>` (then `(restored 2)`, …) when the name is taken. The node
   * keeps its id and mtime. Undefined when there is no such item.
   */
  restoreFromTrash(trashName: string): FsNode | undefined {
    const item = this.trash.take(trashName);
    if (!item) return undefined;
    const original = this.resolve(item.location);
    const parent = original?.kind === 'folder' ? original : this.root;
    const name = restoredName(parent, item.node.name);
    item.node.name = name;
    item.node.parent = parent;
    parent.children.set(name, item.node);
    this.changed(parent);
    return item.node;
  }

  /**
   * Rolls a file back to the version it had at `mtime`: the current content becomes a version, the file
   * takes the old content and that mtime, and gets a new ETag. False when there is no such version.
   */
  restoreVersion(file: FileNode, mtime: number): boolean {
    // Restoring the current version rewrites the same content (Storage::rollback copies it back).
    if (mtime === file.mtime) {
      file.etag = newFileEtag();
      if (file.parent) this.changed(file.parent);
      return true;
    }
    const content = file.versions.get(mtime);
    if (content === undefined) return false;
    file.versions.set(file.mtime, file.content);
    file.versions.delete(mtime);
    file.content = content;
    file.mtime = mtime;
    file.etag = newFileEtag();
    if (file.parent) this.changed(file.parent);
    return true;
  }

  /** The node with file id `id` in the tree (not in the trash), or undefined. */
  findById(id: number): FsNode | undefined {
    return this.walk(this.root, Number.POSITIVE_INFINITY).find((node) => node.id === id);
  }

  /** Moves (and/or renames) a node; the file keeps its id, ETag and mtime. */
  move(node: FsNode, target: FolderNode, name: string): void {
    const from = node.parent;
    if (!from) throw new Error('the home folder cannot be moved');
    from.children.delete(node.name);
    node.name = name;
    node.parent = target;
    target.children.set(name, node);
    this.changed(from);
    if (target !== from) this.changed(target);
  }

  /** Deep-copies a node under `target`; every copy gets a new id, and files keep their mtime. */
  copy(node: FsNode, target: FolderNode, name: string): FsNode {
    const copied = this.cloneInto(node, target, name);
    this.changed(target);
    return copied;
  }

  private cloneInto(node: FsNode, target: FolderNode, name: string): FsNode {
    if (node.kind === 'file') {
      const file: FileNode = {
        ...node,
        id: this.ids.next(),
        name,
        parent: target,
        etag: newFileEtag(),
        favorite: false,
        deadProps: new Map(node.deadProps),
        content: Buffer.from(node.content),
        // A copy is a new file: it starts without versions.
        versions: new Map(),
      };
      target.children.set(name, file);
      return file;
    }
    const folder = this.newFolder(name, target);
    target.children.set(name, folder);
    for (const child of this.childrenOf(node)) this.cloneInto(child, folder, child.name);
    return folder;
  }

  /** Marks `folder` and its ancestors as changed: new folder ETags and mtimes. */
  changed(folder: FolderNode): void {
    const nowMs = this.clock();
    for (let current: FolderNode | null = folder; current; current = current.parent) {
      current.etag = newFolderEtag(nowMs);
      current.mtime = Math.floor(nowMs / 1000);
    }
  }

  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  private newFolder(name: string, parent: FolderNode | null): FolderNode {
    const nowMs = this.clock();
    return {
      kind: 'folder',
      id: this.ids.next(),
      name,
      parent,
      mtime: Math.floor(nowMs / 1000),
      etag: newFolderEtag(nowMs),
      favorite: false,
      deadProps: new Map(),
      children: new Map(),
    };
  }
}

/** files_trashbin's `getUniqueFilename`: PHP `pathinfo` splits at the last dot, even a leading one. */
function restoredName(parent: FolderNode, name: string): string {
  if (!parent.children.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot === -1 ? name : name.slice(0, dot);
  const extension = dot === -1 ? '' : name.slice(dot);
  let candidate = `${stem} (restored)${extension}`;
  for (let i = 2; parent.children.has(candidate); i += 1) candidate = `${stem} (restored ${i})${extension}`;
  return candidate;
}
