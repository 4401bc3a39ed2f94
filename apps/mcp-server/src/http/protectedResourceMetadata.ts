import type { RequestHandler } from 'express';

/** The fields of our RFC 9728 Protected Resource Metadata document. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: ['header'];
  resource_name: string;
}

/** Builds the PRM document for the MCP endpoint `resource`. */
export function protectedResourceMetadata(options: {
  resource: string;
  issuer: string;
  scopes: readonly string[];
}): ProtectedResourceMetadata {
  return {
    resource: options.resource,
    authorization_servers: [options.issuer],
    scopes_supported: [...options.scopes],
    bearer_methods_supported: ['header'],
    resource_name: 'Nextcloud (nc-mcp)',
  };
}

/** The PRM path for an endpoint: `/.well-known/oauth-protected-resource` + the endpoint's path. */
export function protectedResourceMetadataPath(resource: string): string {
  const path = new URL(resource).pathname.replace(/\/$/, '');
  return `/.well-known/oauth-protected-resource${path}`;
}

/**
 * Serves the PRM document (public, cacheable). Its `resource` is the URL the client addressed (a
 * loopback alias of the canonical one, when `addressedResource` noted one): clients check that it
 * equals the URL they were configured with.
 */
export function protectedResourceMetadataHandler(document: ProtectedResourceMetadata): RequestHandler {
  return (_req, res) => {
    const addressed = res.locals.resource as string | undefined;
    res.set('Cache-Control', 'public, max-age=3600');
    res.vary('Host');
    res.json(addressed ? { ...document, resource: addressed } : document);
  };
}
