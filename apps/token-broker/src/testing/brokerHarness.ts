// Shared set-up of the broker's integration tests: a real dev IdP, a real broker on 127.0.0.1:0, and the
// real broker client. Not part of the deployable (index.ts never imports it).
import { BrokerCallError, type BrokerClientOptions } from '@nc-mcp/broker-client';
import { createSessionTokenClient, type SessionTokenClient } from '@nc-mcp/broker-client/session';
import { type DevIdp, obtainTokens, startDevIdp } from '@nc-mcp/dev-idp';
import type { Logger } from '@nc-mcp/logger';
import { expect } from 'vitest';
import { type BrokerEnv, loadBrokerEnv } from '../env.js';
import { type RunningBroker, startBroker } from '../startBroker.js';

/** The broker's confidential client at the dev IdP. */
export const BROKER_CLIENT = { clientId: 'token-broker', clientSecret: 'token-broker-test-secret' };
export const MCP_SERVER_KEY = 'mcp-server-test-key-0123456789';
export const WORKER_KEY = 'background-worker-test-key-0123';
/** The MCP server's public URL, as the broker is configured with it (MCP_PUBLIC_URL). */
export const MCP_PUBLIC_URL = 'http://127.0.0.1:3000';
/** The MCP resource the subject tokens are issued for. */
export const MCP_RESOURCE = `${MCP_PUBLIC_URL}/mcp`;

/** Parses a broker environment the way production does, with test keys and an ephemeral port. */
export function brokerEnv(issuer: string, extra: Record<string, string> = {}): BrokerEnv {
  return loadBrokerEnv({
    OIDC_ISSUER: issuer,
    BROKER_CLIENT_ID: BROKER_CLIENT.clientId,
    BROKER_CLIENT_SECRET: BROKER_CLIENT.clientSecret,
    BROKER_PORT: '0',
    BROKER_CALLER_KEYS: `mcp-server=${MCP_SERVER_KEY},background-worker=${WORKER_KEY}`,
    MCP_PUBLIC_URL,
    ...extra,
  });
}

/** A dev IdP in exchange mode that lets the broker exchange for `nextcloud` only. */
export function startExchangeIdp(logger?: Logger): Promise<DevIdp> {
  return startDevIdp({
    tokenMode: 'exchange',
    exchangeClients: [{ ...BROKER_CLIENT, allowedAudiences: ['nextcloud'] }],
    ...(logger ? { logger } : {}),
  });
}

/** A Flow 1 access token for `username` (password = username), as an MCP client would present it. */
export async function userToken(
  idp: DevIdp,
  username = 'alice',
  scopes: readonly string[] = ['notes.read', 'notes.write'],
): Promise<string> {
  const tokens = await obtainTokens(idp, { username, password: username, scopes, resource: MCP_RESOURCE });
  return tokens.access_token;
}

/** Starts a broker against `issuer` with test keys; `extra` adds or overrides variables. */
export function startTestBroker(
  issuer: string,
  options: { logger: Logger; fetch?: typeof fetch; extra?: Record<string, string> },
): Promise<RunningBroker> {
  return startBroker({
    env: brokerEnv(issuer, options.extra),
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The real broker client as the MCP server uses it. */
export function mcpClient(
  broker: RunningBroker,
  overrides: Partial<BrokerClientOptions> = {},
): SessionTokenClient {
  return createSessionTokenClient({
    address: broker.address,
    caller: 'mcp-server',
    callerKey: MCP_SERVER_KEY,
    ...overrides,
  });
}

/** A `fetch` that counts POSTs to the token endpoint, for cache assertions. */
export function countingFetch(): { fetch: typeof fetch; tokenRequests(): number } {
  let count = 0;
  const counting: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if ((init?.method ?? 'GET').toUpperCase() === 'POST' && new URL(url).pathname.endsWith('/token'))
      count += 1;
    return fetch(input, init);
  };
  return { fetch: counting, tokenRequests: () => count };
}

/** Awaits a rejection and checks it is the broker client's BrokerCallError with `code`. */
export async function expectBrokerCallError(
  pending: Promise<unknown>,
  code: BrokerCallError['code'],
): Promise<BrokerCallError> {
  const error = await pending.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(BrokerCallError);
  expect((error as BrokerCallError).code).toBe(code);
  return error as BrokerCallError;
}

/** The claims of a JWT, without verification (tests only). */
export function decodeClaims(jwt: string): Record<string, unknown> {
  const [, payload = ''] = jwt.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The parameters the IdP sent back to the MCP server's callback. */
export function callbackParameters(url: URL): { state: string; code: string; idpError: string } {
  expect(url.pathname).toBe('/oauth/provision/callback');
  return {
    state: url.searchParams.get('state') ?? '',
    code: url.searchParams.get('code') ?? '',
    idpError: url.searchParams.get('error') ?? '',
  };
}
