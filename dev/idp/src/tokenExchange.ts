import { randomUUID } from 'node:crypto';
import type { Logger } from '@nc-mcp/logger';
import { jwtVerify } from 'jose';
import { errors, type TokenEndpointGrantContext } from 'oidc-provider';
import type { DevIdpExchangeClient } from './clients.js';
import { type SigningKey, signAccessTokenJwt } from './signingKey.js';
import { ACCESS_TOKEN_TYPE } from './tokenExchangeTypes.js';
import { findUserBySub } from './users.js';

/** Parameters the token-exchange grant accepts (RFC 8693 §2.1). */
export const TOKEN_EXCHANGE_PARAMS: readonly string[] = [
  'subject_token',
  'subject_token_type',
  'requested_token_type',
  'audience',
  'resource',
  'scope',
  'actor_token',
  'actor_token_type',
];
/** Parameters that may be repeated. */
export const TOKEN_EXCHANGE_REPEATABLE_PARAMS: readonly string[] = ['audience', 'resource'];

/** What the exchange handler needs from the running IdP. */
export interface TokenExchangeDeps {
  issuer: string;
  signingKey: SigningKey;
  exchangeClients: readonly DevIdpExchangeClient[];
  ttlSeconds: number;
  logger: Logger;
}

interface ExchangeParams {
  subject_token?: string;
  subject_token_type?: string;
  requested_token_type?: string;
  audience?: string | string[];
  resource?: string | string[];
  actor_token?: string;
  actor_token_type?: string;
}

/**
 * RFC 8693 impersonation for the exchange clients: trades a JWT access token issued by this IdP for a
 * short-lived token for one allowed audience, with the same subject and at most the same scopes.
 * The token is signed here with the IdP key because oidc-provider has no exchange of its own.
 */
export function createTokenExchangeHandler(deps: TokenExchangeDeps) {
  const clients = new Map(deps.exchangeClients.map((client) => [client.clientId, client]));

  return async (ctx: TokenEndpointGrantContext<ExchangeParams>): Promise<void> => {
    const { client, params } = ctx.oidc;
    const exchangeClient = clients.get(client.clientId);
    if (!exchangeClient || client.clientAuthMethod === 'none') {
      throw new errors.UnauthorizedClient('this client may not use token exchange');
    }
    if (params.subject_token_type !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    if (params.requested_token_type !== undefined && params.requested_token_type !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    if (params.actor_token !== undefined || params.actor_token_type !== undefined) {
      throw new errors.InvalidRequest(
        'actor tokens are not supported: the authenticated client is the actor',
      );
    }
    if (!params.subject_token) {
      throw new errors.InvalidRequest('missing required parameter subject_token');
    }
    if (toList(params.resource).length > 0) {
      throw new errors.InvalidTarget('use audience, not resource, to name the target of the exchange');
    }
    const audiences = toList(params.audience);
    const audience = audiences[0];
    if (audiences.length !== 1 || audience === undefined) {
      throw new errors.InvalidTarget('exactly one audience is required');
    }
    if (!exchangeClient.allowedAudiences.includes(audience)) {
      throw new errors.InvalidTarget('this client may not obtain tokens for the requested audience');
    }

    const subject = await verifySubjectToken(params.subject_token, deps);
    const subjectScopes = splitScope(subject.scope);
    const requested = splitScope(params.scope);
    const beyond = requested.filter((scope) => !subjectScopes.includes(scope));
    if (beyond.length > 0) {
      throw new errors.InvalidScope('requested scope exceeds the subject token scope', beyond.join(' '));
    }
    const scope = (requested.length > 0 ? requested : subjectScopes).join(' ');

    const now = Math.floor(Date.now() / 1000);
    const exp = Math.min(now + deps.ttlSeconds, subject.exp);
    const user = findUserBySub(subject.sub);
    // A subject token that was itself exchanged keeps its actor chain (RFC 8693 §4.1).
    const act =
      subject.act === undefined ? { sub: client.clientId } : { sub: client.clientId, act: subject.act };
    const accessToken = await signAccessTokenJwt(deps.signingKey, {
      iss: deps.issuer,
      sub: subject.sub,
      aud: audience,
      scope,
      client_id: client.clientId,
      act,
      preferred_username: user?.username ?? subject.preferred_username,
      name: user?.name ?? subject.name,
      iat: now,
      exp,
      jti: randomUUID(),
    });

    deps.logger.debug({ clientId: client.clientId, audience, sub: subject.sub }, 'dev-idp token exchanged');
    ctx.body = {
      access_token: accessToken,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: exp - now,
      scope,
    };
  };
}

interface SubjectClaims {
  sub: string;
  exp: number;
  scope?: string;
  act?: unknown;
  preferred_username?: unknown;
  name?: unknown;
}

async function verifySubjectToken(token: string, deps: TokenExchangeDeps): Promise<SubjectClaims> {
  try {
    // typ at+jwt keeps ID tokens (same key, same issuer) from being exchanged.
    const { payload } = await jwtVerify(token, deps.signingKey.publicKey, {
      issuer: deps.issuer,
      algorithms: ['RS256'],
      typ: 'at+jwt',
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new TypeError('bad claims');
    const scope = typeof payload.scope === 'string' ? payload.scope : undefined;
    return { ...payload, sub: payload.sub, exp: payload.exp, scope };
  } catch (cause) {
    throw new errors.InvalidRequest(
      'subject_token is invalid, expired or not issued by this IdP',
      undefined,
      {
        cause,
      },
    );
  }
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function splitScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((item) => item !== ''))];
}
