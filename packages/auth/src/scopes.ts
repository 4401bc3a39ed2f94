/** The token's scopes: `scope` (space-separated, RFC 8693 / 9068) or `scp` (array or string, e.g. Entra, Okta). */
export function readScopes(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  let scopes: string[] = [];
  if (typeof raw === 'string') scopes = raw.split(/\s+/);
  else if (Array.isArray(raw)) scopes = raw.filter((value): value is string => typeof value === 'string');
  return [...new Set(scopes.filter((scope) => scope !== ''))];
}

/** Splits scopes into those the client may use and those it may not. */
export function restrictScopes(
  scopes: readonly string[],
  allowed: readonly string[],
): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const scope of scopes) (allowed.includes(scope) ? kept : dropped).push(scope);
  return { kept, dropped };
}
