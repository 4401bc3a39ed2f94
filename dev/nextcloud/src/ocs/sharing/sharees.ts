import type { Request } from 'express';
import type { UserAccount } from '../../store/userStore.js';

const EMPTY_GROUPS = { groups: [], remotes: [], remote_groups: [], emails: [], circles: [], rooms: [] };

function userEntry(user: UserAccount): Record<string, unknown> {
  return {
    label: user.displayName,
    subline: '',
    icon: 'icon-user',
    value: { shareType: 0, shareWith: user.uid },
    shareWithDisplayNameUnique: user.email ?? user.uid,
    status: [],
  };
}

function queryString(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
}

/**
 * `GET …/sharees`: the accounts matching `search` in id, display name or email (case-insensitive),
 * the caller left out; an exact match goes to `exact`. The double has no groups, contacts or
 * federation, so only an email-like term adds the remote and email guesses Nextcloud makes
 * (sharing/033, 035, 036). `perPage`/`page` page the non-exact users.
 */
export function searchSharees(viewer: UserAccount, accounts: readonly UserAccount[], req: Request) {
  const term = queryString(req, 'search').trim().toLowerCase();
  const perPage = Math.max(1, Number(queryString(req, 'perPage')) || 200);
  const page = Math.max(1, Number(queryString(req, 'page')) || 1);
  const others = accounts
    .filter((user) => user.uid !== viewer.uid)
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.uid.localeCompare(b.uid));
  const fields = (user: UserAccount) =>
    [user.uid, user.displayName, user.email ?? ''].map((f) => f.toLowerCase());
  const exact = others.filter((user) => term !== '' && fields(user).includes(term));
  const partial = others.filter(
    (user) => !exact.includes(user) && fields(user).some((field) => field.includes(term)),
  );
  const exactGroups: Record<string, unknown> = { users: exact.map(userEntry), ...EMPTY_GROUPS };
  const at = term.lastIndexOf('@');
  if (exact.length === 0 && at > 0 && at < term.length - 1) {
    const raw = queryString(req, 'search').trim();
    const [user, server] = [raw.slice(0, at), raw.slice(at + 1)];
    exactGroups.remotes = [
      {
        label: `${user} (${server})`,
        uuid: user,
        name: user,
        value: { shareType: 6, shareWith: raw, server, isTrustedServer: false },
      },
    ];
    exactGroups.emails = [{ label: raw, uuid: raw, value: { shareType: 4, shareWith: raw } }];
  }
  return {
    exact: exactGroups,
    users: partial.slice((page - 1) * perPage, page * perPage).map(userEntry),
    groups: [],
    remotes: [],
    remote_groups: [],
    emails: [],
    lookup: [],
    circles: [],
    rooms: [],
    lookupEnabled: false,
  };
}
