/** A family of tools: the operator enables it by name (`MCP_TOOLSETS`) and it needs one Nextcloud app. */
export interface ToolFamily {
  /** The name `MCP_TOOLSETS` uses, and the `<family>` of `nc_<family>_<verb>`. */
  name: string;
  /**
   * The Nextcloud app whose key in `cloud/capabilities` says the family can work; `null` for a family
   * that does not talk to Nextcloud (its tools are never gated by app presence).
   */
  app: string | null;
}

/** Every tool family this server has, with the Nextcloud app each needs. */
export const FAMILIES = [
  { name: 'notes', app: 'notes' },
  { name: 'files', app: 'files' },
  // Shares and public links: the OCS API of the bundled files_sharing app (its own capabilities key).
  { name: 'sharing', app: 'files_sharing' },
  // Flow 2 consent: talks to the token broker only. Offered in pass-through mode with progressive consent.
  { name: 'provisioning', app: null },
  // Search and status over the background worker's index: reads the index, not Nextcloud (hits are
  // re-checked with the caller's own access). Offered with progressive consent, in both token modes.
  { name: 'background', app: null },
  // Unified search is part of Nextcloud core (since 20), not an app: `core` is a key of every signed-in
  // `cloud/capabilities` answer, so the family is gated like the others but is present on any Nextcloud.
  { name: 'search', app: 'core' },
  // CardDAV is served by the bundled `dav` app (always enabled; its key is in every signed-in
  // `cloud/capabilities`, ocs/002). The Contacts *app* is only a web UI over the same address books and
  // has no capabilities key, so gating on it would hide working tools where only the server is installed.
  { name: 'contacts', app: 'dav' },
  // CalDAV too is the bundled `dav` app's (calendars, events and tasks live in the same calendar home);
  // no capability names the Calendar or Tasks web apps, which only show that data, so both families are
  // gated on `dav`, which every signed-in capabilities answer has (ocs/002).
  { name: 'calendar', app: 'dav' },
  { name: 'tasks', app: 'dav' },
] as const satisfies readonly ToolFamily[];

/** The name of a tool family. */
export type FamilyName = (typeof FAMILIES)[number]['name'];

/** Every family name, in catalogue order. */
export const FAMILY_NAMES: readonly FamilyName[] = FAMILIES.map((family) => family.name);

/** Whether `name` is one of {@link FAMILY_NAMES}. */
export function isFamilyName(name: string): name is FamilyName {
  return (FAMILY_NAMES as readonly string[]).includes(name);
}

/** The Nextcloud app a family needs; `null` when it needs none. */
export function appOf(family: FamilyName): string | null {
  const entry: ToolFamily | undefined = FAMILIES.find((candidate) => candidate.name === family);
  // FAMILIES lists every FamilyName, so the lookup cannot miss.
  return entry === undefined ? family : entry.app;
}
