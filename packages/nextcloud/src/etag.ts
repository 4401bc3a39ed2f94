/**
 * ETags are kept UNQUOTED everywhere in this client's API ('6d8f7973…'), because the Notes API hands
 * them out unquoted in its JSON while WebDAV sends them quoted (`"6d8f…"`, HTML-escaped inside XML, which
 * the XML parser undoes). Exactly one surrounding pair of quotes and a weak `W/` prefix are removed, so a
 * value stored verbatim with quotes of its own (webdav/051: `""abc""`) survives a round trip.
 */
export function unquoteEtag(raw: string | null | undefined): string {
  if (!raw) return '';
  let value = raw.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value;
}

/** The header form of an unquoted ETag: Nextcloud compares `If-Match` against the quoted value (notes/018, webdav/012). */
export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}
