import type { RequestHandler } from 'express';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * When the public URL is a loopback address, the other spellings of it (`localhost`, `127.0.0.1`,
 * `[::1]`, same scheme and port) as origins; otherwise none. Clients configured with any of them reach
 * the same server and must not be refused as a foreign Host or Origin.
 */
export function loopbackAliasOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [];
  return LOOPBACK_HOSTS.filter((host) => host !== url.hostname).map(
    (host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`,
  );
}

/** The same resource URL under another origin (`https://a/mcp` → `https://b/mcp`). */
export function withOrigin(resource: string, origin: string): string {
  const url = new URL(resource);
  return `${origin}${url.pathname}`;
}

/**
 * Notes which of the server's resource URLs the client addressed (the canonical one, or a loopback
 * alias by its Host header), so the PRM and the challenges point the client at the resource it knows.
 */
export function addressedResource(resource: string, aliases: readonly string[]): RequestHandler {
  const byHost = new Map(aliases.map((alias) => [new URL(alias).host, alias]));
  return (req, res, next) => {
    res.locals.resource = byHost.get(req.headers.host ?? '') ?? resource;
    next();
  };
}
