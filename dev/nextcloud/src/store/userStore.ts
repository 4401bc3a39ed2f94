import { type NotesUserState, newNotesUserState } from '../notes/notesState.js';
import { type Clock, FileTree } from './fileTree.js';
import { IdSequence } from './ids.js';
import { ShareRegistry } from './shareRegistry.js';

/** How the account came to exist, which decides its user backend name. */
export type UserOrigin = 'basic' | 'bearer';

/** Profile attributes shown by `cloud/user` and `oc:owner-display-name`. */
export interface UserProfile {
  displayName?: string;
  email?: string | null;
}

/** A provisioned user with all of its in-memory state. */
export interface UserAccount {
  readonly uid: string;
  displayName: string;
  email: string | null;
  readonly backend: string;
  readonly firstLogin: number;
  lastLogin: number;
  readonly files: FileTree;
  readonly notes: NotesUserState;
  /** The shares of the whole double (one registry, shared by every account of a store). */
  readonly shares: ShareRegistry;
}

/** All users of one double, created on first successful login and kept until `reset()`. */
export class UserStore {
  private readonly users = new Map<string, UserAccount>();
  private ids = new IdSequence();
  /** Every share between the users of this store. */
  readonly shares = new ShareRegistry();

  constructor(
    private readonly clock: Clock,
    private readonly profiles: Readonly<Record<string, UserProfile>> = {},
  ) {}

  get(uid: string): UserAccount | undefined {
    return this.users.get(uid);
  }

  /** Returns the account, provisioning it on first sight; a profile given later updates it. */
  login(uid: string, origin: UserOrigin, profile: UserProfile = {}): UserAccount {
    const now = Math.floor(this.clock() / 1000);
    let user = this.users.get(uid);
    if (!user) {
      const configured = Object.hasOwn(this.profiles, uid) ? this.profiles[uid] : undefined;
      user = {
        uid,
        displayName: profile.displayName || configured?.displayName || uid,
        email: profile.email ?? configured?.email ?? null,
        backend: origin === 'bearer' ? 'user_oidc' : 'Database',
        firstLogin: now,
        lastLogin: now,
        files: new FileTree(this.ids, this.clock),
        notes: newNotesUserState(),
        shares: this.shares,
      };
      this.users.set(uid, user);
      return user;
    }
    user.lastLogin = now;
    if (profile.displayName) user.displayName = profile.displayName;
    if (profile.email !== undefined && profile.email !== null) user.email = profile.email;
    return user;
  }

  /** Every account provisioned so far, in provisioning order. */
  all(): UserAccount[] {
    return [...this.users.values()];
  }

  /** Forgets every user, file, note and share; file ids start over. */
  reset(): void {
    this.users.clear();
    this.shares.clear();
    this.ids = new IdSequence();
  }
}
