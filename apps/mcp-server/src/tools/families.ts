/** A family of tools: the operator enables it by name (`MCP_TOOLSETS`) and it needs one Nextcloud app. */
export interface ToolFamily {
  /** The name `MCP_TOOLSETS` uses, and the `<family>` of `nc_<family>_<verb>`. */
  name: string;
  /** The Nextcloud app whose key in `cloud/capabilities` says the family can work. */
  app: string;
}

/** Every tool family this server has, with the Nextcloud app each needs. */
export const FAMILIES = [
  { name: 'notes', app: 'notes' },
  { name: 'files', app: 'files' },
] as const satisfies readonly ToolFamily[];

/** The name of a tool family. */
export type FamilyName = (typeof FAMILIES)[number]['name'];

/** Every family name, in catalogue order. */
export const FAMILY_NAMES: readonly FamilyName[] = FAMILIES.map((family) => family.name);

/** Whether `name` is one of {@link FAMILY_NAMES}. */
export function isFamilyName(name: string): name is FamilyName {
  return (FAMILY_NAMES as readonly string[]).includes(name);
}

/** The Nextcloud app a family needs. */
export function appOf(family: FamilyName): string {
  // FAMILIES lists every FamilyName, so the lookup cannot miss.
  return FAMILIES.find((entry) => entry.name === family)?.app ?? family;
}
