import { BrokerCallError } from '@nc-mcp/broker-client';
import type { BackgroundTokenClient, ProvisionedUser } from '@nc-mcp/broker-client/background';
import type { DevIdp } from '@nc-mcp/dev-idp';

// gRPC status numbers, as the real client would have received them.
const FAILED_PRECONDITION = 9;
const UNAVAILABLE = 14;

/** A stand-in for the broker's BackgroundTokenService: tokens signed by the dev IdP for provisioned users. */
export interface FakeBackgroundTokens extends BackgroundTokenClient {
  provision(userId: string, scopes: readonly string[]): void;
  unprovision(userId: string): void;
  /** The next `count` token requests fail as if the broker were down. */
  failNext(count: number): void;
  /** The largest page the listing returns (the real broker caps it at 500); default 100. */
  pageSizeCap: number;
  /** Every token request so far: who, and which scopes were asked for. */
  readonly requests: { userId: string; scopes: string[] }[];
  /** Every token handed out (to check none reaches a log). */
  readonly issued: string[];
}

/** Creates the fake; the tokens are real JWTs for `aud: nextcloud` that the Nextcloud test double accepts. */
export function createFakeBackgroundTokens(idp: DevIdp): FakeBackgroundTokens {
  const grants = new Map<string, { scopes: string[]; grantedAt: number }>();
  const requests: { userId: string; scopes: string[] }[] = [];
  const issued: string[] = [];
  let failures = 0;
  return {
    pageSizeCap: 100,
    requests,
    issued,
    provision(userId, scopes) {
      grants.set(userId, { scopes: [...scopes], grantedAt: Math.floor(Date.now() / 1000) });
    },
    unprovision(userId) {
      grants.delete(userId);
    },
    failNext(count) {
      failures = count;
    },
    async getBackgroundToken(input) {
      requests.push({ userId: input.userId, scopes: [...(input.scopes ?? [])] });
      if (failures > 0) {
        failures--;
        throw new BrokerCallError('unavailable', UNAVAILABLE);
      }
      const grant = grants.get(input.userId);
      if (grant === undefined) {
        throw new BrokerCallError('failed_precondition', FAILED_PRECONDITION, { reason: 'not_provisioned' });
      }
      const asked = input.scopes ?? [];
      if (asked.some((scope) => !grant.scopes.includes(scope))) {
        throw new BrokerCallError('invalid_argument', 3);
      }
      const scopes = asked.length === 0 ? grant.scopes : [...asked];
      const expiresAt = Math.floor(Date.now() / 1000) + 300;
      const accessToken = await idp.signAccessToken(
        { sub: input.userId, aud: 'nextcloud', scope: scopes.join(' ') },
        { expiresInSeconds: 300 },
      );
      issued.push(accessToken);
      return { accessToken, tokenType: 'Bearer', expiresAt, scopes };
    },
    async listProvisionedUsers(this: FakeBackgroundTokens, input = {}) {
      const all: ProvisionedUser[] = [...grants.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([userId, grant]) => ({ userId, scopes: grant.scopes, grantedAt: grant.grantedAt }));
      const size = Math.min(input.pageSize && input.pageSize > 0 ? input.pageSize : 100, this.pageSizeCap);
      const start = input.pageToken ? Number(input.pageToken) : 0;
      const users = all.slice(start, start + size);
      const next = start + size < all.length ? String(start + size) : undefined;
      return { users, nextPageToken: next };
    },
    close() {},
  };
}
