/** The OAuth scopes this server's tools are guarded by. */
export const SCOPES = {
  notesRead: 'notes.read',
  notesWrite: 'notes.write',
  filesRead: 'files.read',
  filesWrite: 'files.write',
  sharingRead: 'sharing.read',
  sharingWrite: 'sharing.write',
  searchRead: 'search.read',
  contactsRead: 'contacts.read',
  contactsWrite: 'contacts.write',
  calendarRead: 'calendar.read',
  calendarWrite: 'calendar.write',
} as const;

/** A scope a tool can require. */
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

/** Every scope this server knows; a challenge keeps the ones of these a token already holds. */
export const KNOWN_SCOPES: readonly string[] = Object.values(SCOPES);

/** The baseline advertised in the PRM and in 401 challenges (never `offline_access`). */
export const BASELINE_SCOPES: readonly Scope[] = [SCOPES.notesRead, SCOPES.notesWrite];

/** Whether `held` contains every one of `required`. */
export function hasScopes(held: readonly string[], required: readonly string[]): boolean {
  return required.every((scope) => held.includes(scope));
}
