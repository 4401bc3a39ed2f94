import type { Logger } from '@nc-mcp/logger';
import { BrokerFailure } from '../../brokerFailure.js';
import type { GrantOwner, LazyVault, RefreshTokenVault, StoredGrant } from '../../vault/index.js';
import type { SubjectVerifier } from '../subjectVerifier.js';
import { vaultStorage } from '../vaultStorage.js';
import { codeChallenge, randomSecret, sameDigest, sha256Hex } from './flowSecrets.js';
import type { IdpGrantClient } from './idpGrantClient.js';

/** How long a started provisioning may wait for the user's consent. */
export const PENDING_TTL_MS = 10 * 60 * 1000;
/** The `client_id` recorded for grants made at the MCP server's browser page (exchange mode). */
export const PROVISION_PAGE_CLIENT = 'provision-page';

/** Who a flow is started for: a verified Flow 1 token, or a browser holding a random cookie value. */
export type ProvisioningStarter = { subjectToken: string } | { browserBinding: string };

/** Everything the Flow 2 logic needs. */
export interface ProvisioningFlowDeps {
  /** `off` refuses every call; the other modes differ only in when the vault settings are checked. */
  enabled: boolean;
  issuer: string;
  /** The broker's own client at the IdP (BROKER_CLIENT_ID). */
  clientId: string;
  /** Where the IdP sends the browser back: the MCP server's `/oauth/provision/callback`; unset = misconfigured. */
  redirectUri: string | undefined;
  backgroundScopes: readonly string[];
  verifier: SubjectVerifier;
  idp: IdpGrantClient;
  vault: LazyVault;
  logger: Logger;
  now?: () => number;
}

/** Flow 2, as the ProvisioningService RPCs run it. Every failure is a BrokerFailure. */
export interface ProvisioningFlow {
  start(
    starter: ProvisioningStarter,
    scopes: readonly string[],
  ): Promise<{ authorizationUrl: string; expiresAt: number }>;
  complete(input: {
    state: string;
    code: string;
    browserBinding: string;
    idpError: string;
  }): Promise<{ owner: GrantOwner; scopes: string[]; clientId: string }>;
  status(subjectToken: string): Promise<StoredGrant | undefined>;
  revoke(subjectToken: string): Promise<{ revoked: boolean; idpConfirmed: boolean; owner: GrantOwner }>;
}

/** Builds the flow. Storage is opened only by the first call (the vault is lazy). */
export function createProvisioningFlow(deps: ProvisioningFlowDeps): ProvisioningFlow {
  const now = deps.now ?? Date.now;
  const ready = () => {
    if (!deps.enabled)
      throw new BrokerFailure('provisioning_disabled', 'ENABLE_PROGRESSIVE_CONSENT is false');
  };
  const owner = async (subjectToken: string): Promise<{ owner: GrantOwner; clientId: string }> => {
    const verified = await deps.verifier.verify(subjectToken);
    return { owner: { issuer: deps.issuer, subject: verified.subject }, clientId: verified.clientId };
  };

  return {
    async start(starter, requested) {
      ready();
      const redirectUri = deps.redirectUri;
      if (redirectUri === undefined) {
        throw new BrokerFailure('broker_misconfigured', 'MCP_PUBLIC_URL is required for progressive consent');
      }
      const scopes = grantableScopes(requested, deps.backgroundScopes);
      const bound = 'subjectToken' in starter ? await owner(starter.subjectToken) : undefined;
      const vault = await open(deps.vault);
      const [state, nonce, codeVerifier] = [randomSecret(), randomSecret(), randomSecret()];
      const createdAt = now();
      await vaultStorage(() => vault.purgeExpiredPending(createdAt));
      await vaultStorage(() =>
        vault.savePending({
          state,
          owner: bound?.owner,
          browserBinding: 'browserBinding' in starter ? sha256Hex(starter.browserBinding) : undefined,
          clientId: bound?.clientId ?? PROVISION_PAGE_CLIENT,
          scopes,
          codeVerifier,
          nonce,
          redirectUri,
          createdAt,
          expiresAt: createdAt + PENDING_TTL_MS,
        }),
      );
      const url = new URL(await deps.idp.authorizationEndpoint());
      for (const [name, value] of Object.entries({
        response_type: 'code',
        client_id: deps.clientId,
        redirect_uri: redirectUri,
        scope: ['openid', 'offline_access', ...scopes].join(' '),
        state,
        nonce,
        code_challenge: codeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        prompt: 'consent',
      })) {
        url.searchParams.set(name, value);
      }
      return { authorizationUrl: url.href, expiresAt: Math.floor((createdAt + PENDING_TTL_MS) / 1000) };
    },

    async complete(input) {
      ready();
      const vault = await open(deps.vault);
      const pending = await vaultStorage(() => vault.takePending(input.state));
      if (!pending) throw new BrokerFailure('provisioning_unknown', 'no pending provisioning for this state');
      if (pending.expiresAt <= now()) throw new BrokerFailure('provisioning_expired', 'provisioning expired');
      if (
        pending.browserBinding !== undefined &&
        !sameDigest(pending.browserBinding, sha256Hex(input.browserBinding))
      ) {
        throw new BrokerFailure(
          'provisioning_mismatch',
          'completed in another browser than it was started in',
        );
      }
      if (input.idpError !== '')
        throw new BrokerFailure('consent_denied', `the IdP answered ${input.idpError}`);

      const grant = await deps.idp.redeemCode({
        code: input.code,
        redirectUri: pending.redirectUri,
        codeVerifier: pending.codeVerifier,
      });
      const refuse = async (failure: BrokerFailure): Promise<never> => {
        // Whatever was issued must not outlive a refused grant.
        if (grant.refreshToken) await deps.idp.revoke(grant.refreshToken, 'refresh_token');
        await deps.idp.revoke(grant.accessToken, 'access_token');
        throw failure;
      };
      let subject: string;
      let accessSubject: string | undefined;
      try {
        subject = await deps.idp.idTokenSubject(grant.idToken, pending.nonce);
        accessSubject = await deps.idp.accessTokenSubject(grant.accessToken);
      } catch (error) {
        return refuse(
          error instanceof BrokerFailure ? error : new BrokerFailure('internal', 'grant check failed'),
        );
      }
      if (accessSubject !== undefined && accessSubject !== subject) {
        return refuse(new BrokerFailure('idp_protocol_error', 'the access token names another user'));
      }
      if (pending.owner !== undefined && pending.owner.subject !== subject) {
        return refuse(new BrokerFailure('provisioning_mismatch', 'the IdP signed in another user'));
      }
      if (!grant.refreshToken) {
        deps.logger.error('the IdP issued no refresh token: does the broker client allow offline_access?');
        return refuse(new BrokerFailure('idp_protocol_error', 'no refresh token was issued'));
      }
      const grantOwner = pending.owner ?? { issuer: deps.issuer, subject };
      // The IdP may grant fewer scopes than asked for, never more than this flow asked for.
      const scopes =
        grant.scopes.length > 0 ? pending.scopes.filter((s) => grant.scopes.includes(s)) : pending.scopes;
      const previous = await vaultStorage(() => vault.findGrant(grantOwner));
      await vaultStorage(() =>
        vault.saveGrant({
          ...grantOwner,
          refreshToken: grant.refreshToken ?? '',
          scopes,
          clientId: pending.clientId,
          grantedAt: now(),
        }),
      );
      await deps.idp.revoke(grant.accessToken, 'access_token');
      // A renewed consent replaces the earlier grant; the old refresh token is of no use any more.
      if (previous && previous.refreshToken !== grant.refreshToken) {
        await deps.idp.revoke(previous.refreshToken, 'refresh_token');
      }
      return { owner: grantOwner, scopes, clientId: pending.clientId };
    },

    async status(subjectToken) {
      ready();
      const { owner: user } = await owner(subjectToken);
      const vault = await open(deps.vault);
      return vaultStorage(() => vault.findGrant(user));
    },

    async revoke(subjectToken) {
      ready();
      const { owner: user } = await owner(subjectToken);
      const vault = await open(deps.vault);
      const grant = await vaultStorage(() => vault.findGrant(user));
      if (!grant) return { revoked: false, idpConfirmed: false, owner: user };
      const idpConfirmed = await deps.idp.revoke(grant.refreshToken, 'refresh_token');
      const revoked = await vaultStorage(() => vault.deleteGrant(user));
      return { revoked, idpConfirmed, owner: user };
    },
  };
}

/** The requested scopes (all background scopes when none), each one of the configured background scopes. */
export function grantableScopes(requested: readonly string[], background: readonly string[]): string[] {
  if (requested.length === 0) return [...background];
  const unknown = requested.filter((scope) => !background.includes(scope));
  if (unknown.length > 0) {
    throw new BrokerFailure(
      'invalid_argument',
      `scopes may only name background scopes (${background.join(', ')})`,
    );
  }
  return [...new Set(requested)];
}

async function open(vault: LazyVault): Promise<RefreshTokenVault> {
  return vaultStorage(() => vault.get());
}
