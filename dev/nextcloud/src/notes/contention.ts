import type { Logger } from '@nc-mcp/logger';
import type { FileNode } from '../store/node.js';

/**
 * Contention as a real Nextcloud shows it under concurrent writes (REFERENCE.md "Notes API"), switched on
 * with {@link DevNextcloudOptions.contention}. Timings are wall-clock, but a client in the same process
 * that waits at least as long before retrying always finds the lock or the folder released: timers fire
 * in order.
 */
export interface ContentionOptions {
  /**
   * How long a Notes API PUT holds its note file's lock before writing, in ms (default 50). Meanwhile
   * every other PUT to that file — Notes API or WebDAV — answers 423 Locked and writes nothing.
   */
  putLockMs?: number;
  /**
   * How long a create into a category folder that does not exist yet takes to make it, in ms (default 50).
   * Meanwhile every other create into that folder answers 500 once, like the real server's mkdir race;
   * once the folder exists, creates into it succeed.
   */
  mkdirMs?: number;
}

// Module-wide, but keyed by file node objects, which belong to exactly one double.
const lockedFiles = new WeakSet<FileNode>();

/** True while a Notes PUT holds the file's lock (only ever with contention on). */
export function isFileLocked(file: FileNode): boolean {
  return lockedFiles.has(file);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The contention state of one double. */
export class Contention {
  private readonly putLockMs: number;
  private readonly mkdirMs: number;
  private readonly foldersInProgress = new Set<string>();

  constructor(
    options: ContentionOptions,
    private readonly logger: Logger,
  ) {
    this.putLockMs = options.putLockMs ?? 50;
    this.mkdirMs = options.mkdirMs ?? 50;
  }

  /** Holds `file`'s lock for `putLockMs`, then runs `write` and releases it. The caller checked {@link isFileLocked}. */
  async withFileLock<T>(file: FileNode, write: () => T): Promise<T> {
    lockedFiles.add(file);
    this.logger.debug({ fileId: file.id }, 'note file locked');
    try {
      await sleep(this.putLockMs);
      return write();
    } finally {
      lockedFiles.delete(file);
    }
  }

  /** True while another create is making the folder `key` (user and folder path). */
  isFolderInProgress(key: string): boolean {
    return this.foldersInProgress.has(key);
  }

  /** Marks folder `key` of user `uid` as being made for `mkdirMs`, then runs `create`. */
  async withNewFolder<T>(uid: string, key: string, create: () => T): Promise<T> {
    this.foldersInProgress.add(key);
    this.logger.debug({ uid }, 'category folder being made');
    try {
      await sleep(this.mkdirMs);
      return create();
    } finally {
      this.foldersInProgress.delete(key);
    }
  }
}
