import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSilentLogger, type Logger } from '@nc-mcp/logger';
import type { JWK, JWTPayload } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { buildClients, type DevIdpExchangeClient, installClientPolicies } from './clients.js';
import { buildConfiguration, type DevIdpTokenMode } from './configuration.js';
import { DevOnlyError } from './devOnlyError.js';
import { createInteractionHandler, isInteractionPath } from './interactions.js';
import { logProviderEvents } from './providerEvents.js';
import { generateSigningKey, loadOrCreateSigningKey, signAccessTokenJwt } from './signingKey.js';
import {
  createTokenExchangeHandler,
  TOKEN_EXCHANGE_PARAMS,
  TOKEN_EXCHANGE_REPEATABLE_PARAMS,
} from './tokenExchange.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './tokenExchangeTypes.js';

/** Options of {@link startDevIdp}; every field has a development default. */
export interface DevIdpOptions {
  /** Port to listen on; default 0 (ephemeral). */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. A wildcard (`0.0.0.0`, `::`) still yields a 127.0.0.1 issuer. */
  host?: string;
  /** `pass-through`: MCP tokens also name Nextcloud; `exchange`: they do not, and RFC 8693 is used. */
  tokenMode?: DevIdpTokenMode;
  nextcloudAudience?: string;
  mcpAudience?: string;
  /**
   * This MCP server's canonical resource (e.g. `http://127.0.0.1:3000/mcp`): only tokens for exactly it
   * also name `mcpAudience` (and Nextcloud); tokens for other `/mcp` resources carry just their resource.
   * Unset (tests on ephemeral ports): every `/mcp` resource gets the extra audiences.
   */
  mcpResource?: string;
  /** Lifetime of tokens from the authorization-code and refresh flows; default 3600. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of exchanged tokens, never beyond the subject token's own `exp`; default 300. */
  exchangedTokenTtlSeconds?: number;
  /**
   * Confidential clients (the token broker) allowed to use RFC 8693 token exchange and Flow 2: authorization
   * code + refresh grants whose access tokens are JWTs for `nextcloudAudience`, refresh tokens rotated on use.
   */
  exchangeClients?: readonly DevIdpExchangeClient[];
  /** More oidc-provider client metadata, registered verbatim (tests). */
  extraClients?: readonly ClientMetadata[];
  /**
   * Directory that keeps the signing key (`signing-key.json`) across restarts, made on first start;
   * without it (tests) every start has a fresh in-memory key.
   */
  dataDir?: string;
  logger?: Logger;
}

/** Options of {@link DevIdp.signAccessToken}. */
export interface SignAccessTokenOptions {
  /** Seconds until `exp` when the claims have none; default 300. */
  expiresInSeconds?: number;
}

/** A running dev IdP. */
export interface DevIdp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly issuer: string;
  readonly port: number;
  readonly tokenMode: DevIdpTokenMode;
  /** The public JWKS the IdP serves (one RS256 key). */
  readonly jwks: { keys: JWK[] };
  /**
   * Signs arbitrary access-token claims with the IdP key (`typ: at+jwt`); `iss`, `iat`, `exp`, `jti` are
   * filled in unless given. For tests that need expired, foreign-audience or otherwise odd tokens.
   */
  signAccessToken(claims: JWTPayload, options?: SignAccessTokenOptions): Promise<string>;
  close(): Promise<void>;
}

/** Starts the dev-only OpenID provider on 127.0.0.1 (forms login, PKCE, JWT access tokens, RFC 8693, Flow 2). */
export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  if (process.env.NODE_ENV === 'production') throw new DevOnlyError();

  const logger = (options.logger ?? createSilentLogger()).child({ component: 'dev-idp' });
  const tokenMode = options.tokenMode ?? 'pass-through';
  const host = options.host ?? '127.0.0.1';
  const signingKey = options.dataDir
    ? await loadOrCreateSigningKey(options.dataDir)
    : await generateSigningKey();

  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  const port = await listen(server, options.port ?? 0, host);
  const issuer = `http://${issuerHost(host)}:${port}`;

  const exchangeClients = options.exchangeClients ?? [];
  const exchangeClientIds = new Set(exchangeClients.map((client) => client.clientId));
  try {
    const provider = new Provider(
      issuer,
      buildConfiguration({
        signingKey,
        cookieKeys: [randomBytes(32).toString('base64url')],
        clients: buildClients(exchangeClients, options.extraClients ?? []),
        exchangeClientIds,
        tokenMode,
        mcpAudience: options.mcpAudience ?? 'mcp-server',
        mcpResource: options.mcpResource,
        nextcloudAudience: options.nextcloudAudience ?? 'nextcloud',
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      }),
    );
    installClientPolicies(provider, exchangeClientIds);
    provider.registerGrantType(
      TOKEN_EXCHANGE_GRANT_TYPE,
      createTokenExchangeHandler({
        issuer,
        signingKey,
        exchangeClients,
        ttlSeconds: options.exchangedTokenTtlSeconds ?? 300,
        logger,
      }),
      TOKEN_EXCHANGE_PARAMS,
      TOKEN_EXCHANGE_REPEATABLE_PARAMS,
    );
    logProviderEvents(provider, logger);

    const interactions = createInteractionHandler(provider, logger);
    const oidc = provider.callback();
    handler = (req, res) => {
      const pathname = new URL(req.url ?? '/', issuer).pathname;
      if (isInteractionPath(pathname)) void interactions(req, res);
      else void oidc(req, res);
    };
  } catch (error) {
    await closeServer(server);
    throw error;
  }

  logger.info({ issuer, tokenMode }, 'dev IdP listening');
  return {
    issuer,
    port,
    tokenMode,
    jwks: { keys: [signingKey.publicJwk] },
    signAccessToken: (claims, signOptions) => {
      const now = Math.floor(Date.now() / 1000);
      return signAccessTokenJwt(signingKey, {
        iss: issuer,
        iat: now,
        exp: now + (signOptions?.expiresInSeconds ?? 300),
        jti: randomUUID(),
        ...claims,
      });
    },
    close: () => closeServer(server),
  };
}

function issuerHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from fetch would otherwise hold close() open.
    server.closeAllConnections();
  });
}
