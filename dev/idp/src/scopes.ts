/** Resource scopes of the MCP server, granted only for an MCP resource indicator. */
export const DEV_SCOPES: readonly string[] = Object.freeze([
  'notes.read',
  'notes.write',
  'files.read',
  'files.write',
  'sharing.read',
  'sharing.write',
  'search.read',
  'contacts.read',
  'contacts.write',
  'calendar.read',
  'calendar.write',
]);

/** OpenID Connect scopes the dev IdP supports besides {@link DEV_SCOPES}. */
export const OIDC_SCOPES: readonly string[] = Object.freeze(['openid', 'profile', 'email', 'offline_access']);

/**
 * Whether a resource indicator names an MCP server: an http(s) URL whose path ends with `/mcp`.
 * The port and host are free because tests start servers on ephemeral ports.
 */
export function isMcpResource(resource: string): boolean {
  const url = URL.parse(resource);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  if (url.hash !== '' || url.username !== '' || url.password !== '') return false;
  return url.pathname.endsWith('/mcp');
}
