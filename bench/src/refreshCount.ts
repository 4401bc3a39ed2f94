import { type BackgroundTokenClient, createBackgroundTokenClient } from '@nc-mcp/broker-client/background';
import type { InProcessStack } from '@nc-mcp/dev-stack';

// The scopes of the worker's sources (startWorker's `sources`: notes, files, calendar, contacts), in
// the order syncUser runs them. Keep in step with the worker: the DuringSyncs figure, taken from real
// sync jobs, shows when this list has drifted.
const SOURCE_SCOPES = ['notes.read', 'files.read', 'calendar.read', 'contacts.read'] as const;

/** A fetch for the broker that counts its `grant_type=refresh_token` POSTs (its IdP refreshes). */
export function refreshCountingFetch(): { fetch: typeof fetch; count(): number; reset(): void } {
  let refreshes = 0;
  const counting: typeof fetch = (input, init) => {
    const body = init?.body;
    const form =
      typeof body === 'string'
        ? new URLSearchParams(body)
        : body instanceof URLSearchParams
          ? body
          : undefined;
    if ((init?.method ?? 'GET').toUpperCase() === 'POST' && form?.get('grant_type') === 'refresh_token')
      refreshes++;
    return fetch(input, init);
  };
  return {
    fetch: counting,
    count: () => refreshes,
    reset: () => {
      refreshes = 0;
    },
  };
}

/** What {@link refreshesAtConcurrency} observed. */
export interface RefreshRun {
  refreshes: number;
  /** The background access token's lifetime as the broker answered it, in seconds. */
  tokenLifetimeSeconds: number;
  elapsedMs: number;
  errors: number;
}

/**
 * `jobs` concurrent runs of the token requests one sync job makes for `userId`, as the worker's
 * openBackgroundAccess (apps/background-worker/src/sync/backgroundTokens.ts) makes them: one token for
 * every granted scope, then one narrowed to each granted source scope unless the first carries nothing
 * more. The broker is restarted first, so its cache is as cold as at the start of a token lifetime.
 */
export async function refreshesAtConcurrency(
  stack: InProcessStack,
  counter: ReturnType<typeof refreshCountingFetch>,
  userId: string,
  jobs: number,
): Promise<RefreshRun> {
  await stack.stopBroker();
  await stack.startBroker();
  const client = createBackgroundTokenClient({
    address: stack.broker?.address ?? '',
    caller: 'background-worker',
    callerKey: stack.credentials.workerKey,
  });
  await connected(client);
  counter.reset();
  let lifetime = Number.POSITIVE_INFINITY;
  let errors = 0;
  const started = performance.now();
  const job = async () => {
    const askedAt = Date.now() / 1000;
    // As a sync job asks: one token with every granted scope, used by each of its sources.
    const first = await client.getBackgroundToken({ userId });
    lifetime = Math.min(lifetime, first.expiresAt - askedAt);
    for (const _scope of SOURCE_SCOPES) await client.getBackgroundToken({ userId });
  };
  try {
    await Promise.all(
      Array.from({ length: jobs }, () =>
        job().catch(() => {
          errors++;
        }),
      ),
    );
    return {
      refreshes: counter.count(),
      tokenLifetimeSeconds: Math.round(lifetime),
      elapsedMs: Math.round(performance.now() - started),
      errors,
    };
  } finally {
    client.close();
  }
}

/**
 * Waits until the client reaches the restarted broker (its channel backs off after the old one went away)
 * with a call that never refreshes: listing the provisioned users reads the vault only.
 */
async function connected(client: BackgroundTokenClient): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.listProvisionedUsers({ pageSize: 1 });
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Refreshes per user per access-token lifetime: the count over the lifetimes the run spanned. */
export function perTokenLifetime(refreshes: number, elapsedMs: number, lifetimeSeconds: number): number {
  if (!Number.isFinite(lifetimeSeconds) || lifetimeSeconds <= 0) return Number.NaN;
  return refreshes / Math.max(1, Math.ceil(elapsedMs / 1000 / lifetimeSeconds));
}
