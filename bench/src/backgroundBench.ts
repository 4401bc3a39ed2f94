import { DEV_USERS, obtainTokens } from '@nc-mcp/dev-idp';
import { type InProcessStack, startInProcessStack } from '@nc-mcp/dev-stack';
import type { Logger } from '@nc-mcp/logger';
import {
  grantBackgroundAccess,
  indexItemOf,
  notesApi,
  noteText,
  seededRandom,
  seedNotes,
} from './backgroundSeed.js';
import { type Measurement, measure } from './measure.js';
import { perTokenLifetime, refreshCountingFetch, refreshesAtConcurrency } from './refreshCount.js';
import { type BenchSizes, legacyClient, type ScenarioOutcome } from './scenarios.js';

// Background sync against the in-process stack with its worker: sync throughput, the broker's IdP
// refreshes per user per access-token lifetime under concurrent jobs, and nc_search over a large index.

const SYNC_NOTES = 2_000;
const CHANGED_NOTES = 20;
const FIRST_RUNS = 3;
const INCREMENTAL_RUNS = 5;
const REFRESH_CONCURRENCY = [1, 10, 50] as const;
const SEARCH_ITEMS = 10_000;
const SEARCH_QUERY = 'deadline review';
const POLL_MS = 5;
const SYNC_TIMEOUT_MS = 120_000;

type Worker = NonNullable<InProcessStack['worker']>;
/** One timed sync: enqueue to recorded outcome, whether it ended `ok`, and the items indexed after it. */
type SyncRun = { ms: number; ok: boolean; items: number };

/** Row names, shared by the scenario and the figures run.ts prints. */
export const BACKGROUND_ROWS = {
  firstSync: `background sync, first, ${SYNC_NOTES} notes`,
  incrementalSync: `background sync, ${CHANGED_NOTES} of ${SYNC_NOTES} notes changed`,
  search: `nc_search, ${SEARCH_ITEMS} items`,
  searchDirect: `nc_search, ${SEARCH_ITEMS} items, direct index`,
} as const;

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until no job is active or waiting: a job's user lock is released only after its outcome is recorded. */
function idle(worker: Worker): Promise<true> {
  return until(async () => {
    const counts = await worker.queue.getJobCounts('active', 'waiting', 'prioritized');
    return Object.values(counts).every((count) => count === 0) ? true : undefined;
  }, 'an idle worker');
}

/** The first sync outcome recorded at or after `since` (ms since the epoch). */
function outcomeAfter(worker: Worker, userId: string, since: number) {
  return until(async () => {
    const status = await worker.index.syncStatus(userId);
    return status && status.at >= since ? status : undefined;
  }, 'a recorded sync outcome');
}

/**
 * One `sync.user` job from enqueue to its recorded outcome. The worker records `at` (Date.now()) as the
 * sync's last step, so the duration is exact to the millisecond whatever the polling interval; it covers
 * the queue hand-off, the broker token, the Notes API listing and fetches, and the index writes.
 */
async function timedSync(
  worker: Worker,
  userId: string,
): Promise<{ ms: number; ok: boolean; items: number }> {
  await idle(worker);
  const enqueuedAt = Date.now();
  await worker.queue.add(
    'sync.user',
    { userId, reason: 'manual' },
    { removeOnComplete: true, removeOnFail: true },
  );
  const outcome = await outcomeAfter(worker, userId, enqueuedAt);
  return { ms: outcome.at - enqueuedAt, ok: outcome.state === 'ok', items: outcome.items };
}

/** FIRST_RUNS full syncs (the user's index forgotten before each), then INCREMENTAL_RUNS after changing notes. */
async function timedSyncs(
  worker: Worker,
  api: ReturnType<typeof notesApi>,
  ids: readonly number[],
  random: () => number,
  userId: string,
) {
  const first: SyncRun[] = [];
  for (let run = 0; run < FIRST_RUNS; run++) {
    await idle(worker);
    await worker.index.forgetUser(userId);
    first.push(await timedSync(worker, userId));
  }
  const incremental: SyncRun[] = [];
  const step = Math.floor(ids.length / CHANGED_NOTES);
  for (let run = 0; run < INCREMENTAL_RUNS; run++) {
    await Promise.all(
      Array.from({ length: CHANGED_NOTES }, (_, i) =>
        api.update(ids[i * step] ?? 0, noteText(random).content),
      ),
    );
    incremental.push(await timedSync(worker, userId));
  }
  return { first, incremental };
}

/** A row from whole-sync durations: ops are syncs, ops/s syncs per second. */
function syncRow(name: string, runs: readonly SyncRun[]): Measurement {
  const ok = runs.filter((run) => run.ok).map((run) => run.ms);
  const sorted = [...ok].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const mean = ok.reduce((a, b) => a + b, 0) / Math.max(1, ok.length);
  return {
    name,
    operations: runs.length,
    concurrency: 1,
    p50Ms: at(50),
    p99Ms: at(99),
    meanMs: Math.round(mean * 100) / 100,
    opsPerSecond: Math.round((1000 / mean) * 100) / 100,
    errors: runs.length - ok.length,
  };
}

const perSecond = (items: number, ms: number) => Math.round((items / ms) * 1000 * 10) / 10;

/**
 * Against the in-process stack (pass-through, with the worker and a broker whose IdP calls are counted):
 * (1) first and incremental sync of alice's 2,000 notes, enqueue to recorded outcome; (2) the broker's
 * refresh_token POSTs at the dev IdP while 1, 10 and 50 jobs ask for alice's background tokens at once;
 * (3) nc_search p50 over 10,000 indexed notes through MCP, and the same query straight at the index.
 */
export async function backgroundScenario(options: {
  logger: Logger;
  sizes: BenchSizes;
}): Promise<ScenarioOutcome> {
  const counter = refreshCountingFetch();
  const stack = await startInProcessStack({
    mode: 'pass-through',
    worker: true,
    logger: options.logger,
    brokerFetch: counter.fetch,
  });
  const worker = stack.worker;
  let client: Awaited<ReturnType<typeof legacyClient>> | undefined;
  try {
    if (!worker) throw new Error('the stack started no worker');
    const userId = DEV_USERS.find((user) => user.username === 'alice')?.sub ?? '';
    const token = await obtainTokens(stack.idp, {
      username: 'alice',
      password: 'alice',
      scopes: ['notes.read', 'notes.write'],
      resource: stack.mcpUrl,
    });
    client = await legacyClient(stack.mcpUrl, token.access_token);
    const api = notesApi(stack, userId);
    const random = seededRandom(20261202);
    const ids = await seedNotes(api, SYNC_NOTES, random);

    // (1) Consent enqueues the first sync itself (via schedule.user); it is the untimed warm-up.
    counter.reset();
    const consentAt = Date.now();
    await grantBackgroundAccess(client, 'alice');
    await outcomeAfter(worker, userId, consentAt);
    const synced = (await worker.index.counts(userId)).notes ?? 0;
    if (synced !== SYNC_NOTES) throw new Error(`the first sync indexed ${synced} notes`);
    const { first, incremental } = await timedSyncs(worker, api, ids, random, userId);
    const syncRefreshes = { count: counter.count(), elapsedMs: Date.now() - consentAt };

    // (2) Refreshes under concurrent jobs, each level from a cold broker cache.
    const refreshFigures: Record<string, number> = {};
    for (const jobs of REFRESH_CONCURRENCY) {
      await idle(worker);
      const run = await refreshesAtConcurrency(stack, counter, userId, jobs);
      refreshFigures[`idpRefreshesPerLifetime@${jobs}`] = perTokenLifetime(
        run.refreshes,
        run.elapsedMs,
        run.tokenLifetimeSeconds,
      );
      refreshFigures[`tokenPathErrors@${jobs}`] = run.errors;
      refreshFigures.backgroundTokenLifetimeSeconds = run.tokenLifetimeSeconds;
    }

    // (3) nc_search over 10,000 notes indexed straight through the worker's index.
    await idle(worker);
    await seedNotes(api, SEARCH_ITEMS - SYNC_NOTES, random);
    const notes = await api.list();
    await worker.index.upsertItems(userId, notes.map(indexItemOf));
    const indexed = (await worker.index.counts(userId)).notes ?? 0;
    if (indexed !== SEARCH_ITEMS) throw new Error(`the index holds ${indexed} notes, not ${SEARCH_ITEMS}`);
    let hits = 0;
    const viaMcp = async () => {
      const result = await client?.callTool({ name: 'nc_search', arguments: { query: SEARCH_QUERY } });
      hits = ((result?.structuredContent as { hits?: unknown[] } | undefined)?.hits ?? []).length;
      if (result?.isError || hits === 0) throw new Error('nc_search found nothing');
    };
    // What the tool asks of the index for a token that reads notes only, with its default limit (10 × 2).
    const direct = () => worker.index.search(userId, SEARCH_QUERY, { families: ['notes'], limit: 20 });
    const count = Math.max(20, Math.round(options.sizes.toolCalls / 5));
    const rows = [
      syncRow(BACKGROUND_ROWS.firstSync, first),
      syncRow(BACKGROUND_ROWS.incrementalSync, incremental),
      await measure(BACKGROUND_ROWS.search, viaMcp, { count, concurrency: 1, warmup: 5 }),
      await measure(BACKGROUND_ROWS.searchDirect, direct, { count, concurrency: 1, warmup: 5 }),
    ];
    const figures: Record<string, number> = {
      // Items the first sync indexed: the 2,000 notes and what the double's other families hold for alice.
      syncFirstItems: first[0]?.items ?? Number.NaN,
      syncFirstItemsPerSecond: perSecond(first[0]?.items ?? Number.NaN, rows[0]?.p50Ms ?? Number.NaN),
      syncIncrementalChangedItemsPerSecond: perSecond(CHANGED_NOTES, rows[1]?.p50Ms ?? Number.NaN),
      syncIncrementalScannedItemsPerSecond: perSecond(
        incremental[0]?.items ?? Number.NaN,
        rows[1]?.p50Ms ?? Number.NaN,
      ),
      ...refreshFigures,
      idpRefreshesPerLifetimeSyncs: perTokenLifetime(
        syncRefreshes.count,
        syncRefreshes.elapsedMs,
        refreshFigures.backgroundTokenLifetimeSeconds ?? Number.NaN,
      ),
      searchHits: hits,
    };
    return { rows, figures };
  } finally {
    await client?.close().catch(() => undefined);
    // The stack's queue prefix is its own: remove its keys from the machine's Redis.
    await worker?.queue.obliterate({ force: true }).catch(() => undefined);
    await stack.close();
  }
}
