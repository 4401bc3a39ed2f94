/** XML namespaces used by Nextcloud's WebDAV, with the prefixes Sabre writes for them. */
export const DAV_NS = 'DAV:';
export const SABRE_NS = 'http://sabredav.org/ns';
export const OC_NS = 'http://owncloud.org/ns';
export const NC_NS = 'http://nextcloud.org/ns';

/** Prefixes declared on every multistatus root. */
export const KNOWN_PREFIXES: ReadonlyMap<string, string> = new Map([
  [DAV_NS, 'd'],
  [SABRE_NS, 's'],
  [OC_NS, 'oc'],
  [NC_NS, 'nc'],
]);

/** Splits Clark notation `{ns}local` into its parts. */
export function splitClark(clark: string): { ns: string; local: string } {
  const close = clark.indexOf('}');
  return { ns: clark.slice(1, close), local: clark.slice(close + 1) };
}

/** Clark notation for a namespace and local name. */
export function clark(ns: string, local: string): string {
  return `{${ns}}${local}`;
}
