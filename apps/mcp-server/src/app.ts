import type { TokenVerifier } from '@nc-mcp/auth';
import type { ProvisioningClient } from '@nc-mcp/broker-client/session';
import type { Logger } from '@nc-mcp/logger';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { BackgroundSync } from './background/backgroundSync.js';
import { bearerAuth } from './http/bearerAuth.js';
import type { ChallengeContext } from './http/challenge.js';
import { cors } from './http/cors.js';
import { hostGuard } from './http/hostGuard.js';
import { jsonRpcGuard } from './http/jsonRpcGuard.js';
import { addressedResource } from './http/loopbackAliases.js';
import { noStore } from './http/noStore.js';
import { originGuard } from './http/originGuard.js';
import {
  protectedResourceMetadata,
  protectedResourceMetadataHandler,
  protectedResourceMetadataPath,
} from './http/protectedResourceMetadata.js';
import { scopeGuard } from './http/scopeGuard.js';
import { mcpHandler } from './mcp/mcpHandler.js';
import type { NextcloudAccess } from './nextcloud/nextcloudAccess.js';
import { provisioningRoutes } from './provisioning/provisioningRoutes.js';
import { TOOL_CATALOGUE } from './tools/catalogue.js';
import { BASELINE_SCOPES } from './tools/scopes.js';
import type { AnyToolDefinition } from './tools/toolDefinition.js';

/** Everything the HTTP app needs; `index.ts` builds these from the environment, tests build their own. */
export interface AppDeps {
  /** The canonical MCP endpoint URL, e.g. `https://mcp.example.com/mcp`. */
  resource: string;
  /** The same endpoint under loopback aliases (`localhost`, `127.0.0.1`, `[::1]`), when it is loopback. */
  resourceAliases?: readonly string[];
  issuer: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  verifier: TokenVerifier;
  access: NextcloudAccess;
  logger: Logger;
  catalogue?: readonly AnyToolDefinition[];
  /** Progressive consent (Flow 2): the browser pages, and the tools when the catalogue has them. */
  provisioning?: { client: ProvisioningClient; publicUrl: string; background?: BackgroundSync | undefined };
}

/** Builds the express app (without listening): PRM, health, and the protected `/mcp` endpoint. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const mcpPath = new URL(deps.resource).pathname;
  // First on the MCP path, so even a refused Host header or a preflight is not cached.
  app.use(mcpPath, noStore());
  app.use(hostGuard(deps.allowedHosts));
  app.use(addressedResource(deps.resource, deps.resourceAliases ?? []));

  const prmPath = protectedResourceMetadataPath(deps.resource);
  const challenge: ChallengeContext = {
    resourceMetadataUrl: new URL(prmPath, deps.resource).href,
    defaultScopes: BASELINE_SCOPES,
  };

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (deps.provisioning) {
    app.use(provisioningRoutes({ ...deps.provisioning, logger: deps.logger }));
  }
  // Before authentication: a preflight carries no token.
  app.use([prmPath, mcpPath], cors(deps.allowedOrigins));
  app.get(
    prmPath,
    protectedResourceMetadataHandler(
      protectedResourceMetadata({ resource: deps.resource, issuer: deps.issuer, scopes: BASELINE_SCOPES }),
    ),
  );

  const catalogue = deps.catalogue ?? TOOL_CATALOGUE;
  app.use(
    mcpPath,
    originGuard(deps.allowedOrigins),
    bearerAuth({ verifier: deps.verifier, challenge, logger: deps.logger }),
  );
  app.post(
    mcpPath,
    express.json({ limit: deps.maxBodyBytes, type: ['application/json', 'application/*+json'] }),
    jsonRpcGuard(),
    scopeGuard({ challenge, catalogue }),
    mcpHandler({
      access: deps.access,
      provisioning: deps.provisioning?.client,
      background: deps.provisioning?.background,
      logger: deps.logger,
      catalogue,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  );
  // Stateless server: no standalone SSE stream to GET and no session to DELETE.
  app.all(mcpPath, (_req, res) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null });
  });
  app.use(jsonRpcBodyErrors(deps.logger));
  return app;
}

/** Turns body-parser failures into JSON-RPC errors instead of express's HTML error page. */
function jsonRpcBodyErrors(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, _req, res, _next) => {
    if (error.type === 'entity.parse.failed') {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
      return;
    }
    if (error.type === 'entity.too.large') {
      res
        .status(413)
        .json({ jsonrpc: '2.0', error: { code: -32600, message: 'Request body too large' }, id: null });
      return;
    }
    if (error.status && error.status >= 400 && error.status < 500) {
      res
        .status(error.status)
        .json({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id: null });
      return;
    }
    logger.error({ err: error }, 'unhandled request error');
    res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
  };
}
