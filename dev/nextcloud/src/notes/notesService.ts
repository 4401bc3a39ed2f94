import { createHash } from 'node:crypto';
import type { FileNode, FolderNode } from '../store/node.js';
import type { UserAccount } from '../store/userStore.js';
import {
  categorySegments,
  extensionOf,
  isNoteFile,
  safeCategorySegments,
  safeTitle,
  titleOf,
  uniqueFileName,
} from './noteFiles.js';
import type { NoteMeta } from './notesState.js';

/** A note as the Notes API v1 returns it, keys in the app's order. */
export interface NoteData {
  id: number;
  title: string;
  modified: number;
  category: string;
  favorite: boolean;
  readonly: boolean;
  internalPath: string;
  shareTypes: never[];
  isShared: boolean;
  error: boolean;
  errorType: string;
  content: string;
  etag: string;
}

/** Fields a create or update may set (undefined = leave as is). */
export interface NoteChanges {
  title?: string;
  content?: string;
  category?: string;
  modified?: number;
  favorite?: boolean;
}

/** The Notes app over a user's file tree: notes are the `.md`/`.txt` files under the notes folder. */
export class NotesService {
  constructor(
    private readonly user: UserAccount,
    private readonly nowSeconds: () => number,
  ) {}

  /** The notes folder, created on first use as the app does. */
  folder(): FolderNode {
    const tree = this.user.files;
    return tree.ensureFolders(tree.root, categorySegments(this.user.notes.settings.notesPath));
  }

  all(): FileNode[] {
    const folder = this.folder();
    return this.user.files.walk(folder, Number.POSITIVE_INFINITY).filter(isNoteFile);
  }

  /** The user whose notes these are. */
  get uid(): string {
    return this.user.uid;
  }

  /** The category as the folder path it is stored under, after cleaning ('.hidden/a:b' → 'hidden/ab'). */
  categoryPath(category: string): string {
    return safeCategorySegments(category).join('/');
  }

  /** True while `file` is still a note of this user (a held write may outlive a delete). */
  contains(file: FileNode): boolean {
    return this.find(file.id) === file;
  }

  /** True when the category's folder (after cleaning) does not exist yet, so a create would make it. */
  needsCategoryFolder(category: string): boolean {
    const segments = safeCategorySegments(category);
    if (segments.length === 0) return false;
    const tree = this.user.files;
    return tree.resolve([...tree.pathOf(this.folder()), ...segments]) === undefined;
  }

  find(id: number): FileNode | undefined {
    return this.all().find((file) => file.id === id);
  }

  /**
   * The note's data. Its etag hashes the note's fields, so it differs from the file's WebDAV ETag
   * (quirk 27); like the app, a changed etag stamps the note's meta with the current time.
   */
  data(file: FileNode): { data: NoteData; meta: NoteMeta } {
    const folder = this.folder();
    const tree = this.user.files;
    const category = tree
      .pathOf(file.parent ?? folder)
      .slice(tree.pathOf(folder).length)
      .join('/');
    const fields = {
      id: file.id,
      title: titleOf(file),
      modified: file.mtime,
      category,
      favorite: file.favorite,
      readonly: false,
      internalPath: `/${tree.pathOf(file).join('/')}`,
      shareTypes: [] as never[],
      isShared: false,
      error: false,
      errorType: '',
      content: file.content.toString('utf8'),
    };
    const etag = createHash('md5').update(JSON.stringify(fields)).digest('hex');
    let meta = this.user.notes.meta.get(file.id);
    if (!meta || meta.etag !== etag) {
      meta = { etag, lastUpdate: this.nowSeconds() };
      this.user.notes.meta.set(file.id, meta);
    }
    return { data: { ...fields, etag }, meta };
  }

  create(changes: NoteChanges): FileNode {
    const tree = this.user.files;
    const target = tree.ensureFolders(this.folder(), safeCategorySegments(changes.category ?? ''));
    const suffix = this.user.notes.settings.fileSuffix === '.txt' ? '.txt' : '.md';
    // An empty title becomes "New note", never derived from the content (quirk 28).
    const title = safeTitle(changes.title ?? '');
    const { file } = tree.writeFile(
      target,
      uniqueFileName(target, title, suffix),
      Buffer.from(changes.content ?? '', 'utf8'),
    );
    if (changes.modified) tree.setMtime(file, changes.modified);
    if (changes.favorite) file.favorite = true;
    return file;
  }

  update(file: FileNode, changes: NoteChanges): void {
    const tree = this.user.files;
    if (changes.content !== undefined && file.parent) {
      tree.writeFile(file.parent, file.name, Buffer.from(changes.content, 'utf8'));
    }
    if (changes.modified !== undefined) tree.setMtime(file, changes.modified);
    if (changes.title !== undefined || changes.category !== undefined) {
      const folder = this.folder();
      const oldParent = file.parent ?? folder;
      const target =
        changes.category === undefined
          ? oldParent
          : tree.ensureFolders(folder, safeCategorySegments(changes.category));
      const title = changes.title === undefined ? titleOf(file) : safeTitle(changes.title);
      const name = uniqueFileName(target, title, extensionOf(file), file);
      if (target !== oldParent || name !== file.name) {
        tree.move(file, target, name);
        this.removeEmptyFolders(oldParent);
      }
    }
    if (changes.favorite !== undefined) file.favorite = changes.favorite;
  }

  remove(file: FileNode): void {
    const parent = file.parent;
    this.user.files.remove(file);
    this.user.notes.meta.delete(file.id);
    if (parent) this.removeEmptyFolders(parent);
  }

  /** The app removes category folders a note leaves empty (never the notes folder itself). */
  private removeEmptyFolders(start: FolderNode): void {
    const folder = this.folder();
    let current: FolderNode | null = start;
    while (
      current &&
      current !== folder &&
      current.children.size === 0 &&
      this.user.files.isWithin(current, folder)
    ) {
      const parent: FolderNode | null = current.parent;
      this.user.files.remove(current);
      current = parent;
    }
  }
}
