import type { UserAccount } from '../store/userStore.js';

const LOCAL = 'v2-local';
const FEDERATED = 'v2-federated';

/** The `cloud/user` / `cloud/users/<uid>` data of an account, with Nextcloud 34's keys in its order. */
export function userData(user: UserAccount): Record<string, unknown> {
  const profileFields: Record<string, string> = {};
  for (const field of [
    'phone',
    'address',
    'website',
    'twitter',
    'bluesky',
    'fediverse',
    'organisation',
    'role',
    'headline',
    'biography',
  ]) {
    profileFields[field] = '';
    profileFields[`${field}Scope`] = LOCAL;
  }
  return {
    enabled: true,
    id: user.uid,
    firstLoginTimestamp: user.firstLogin,
    lastLoginTimestamp: user.lastLogin,
    lastLogin: user.lastLogin * 1000,
    backend: user.backend,
    subadmin: [],
    // -3 = unlimited (quirk 15).
    quota: { free: -3, used: user.files.sizeOf(user.files.root), total: -3, relative: 0, quota: -3 },
    manager: '',
    avatarScope: FEDERATED,
    email: user.email,
    emailScope: FEDERATED,
    additional_mail: [],
    additional_mailScope: [],
    displayname: user.displayName,
    'display-name': user.displayName,
    displaynameScope: FEDERATED,
    ...profileFields,
    profile_enabled: '1',
    profile_enabledScope: LOCAL,
    pronouns: '',
    pronounsScope: FEDERATED,
    groups: [],
    language: 'en',
    locale: '',
    timezone: 'UTC',
    notify_email: null,
    backendCapabilities: { setDisplayName: true, setPassword: user.backend === 'Database' },
  };
}
