import type { Measurement } from './measure.js';
import { atLeast, atMost, ratio, type Target } from './targets.js';

// The hot-path budgets of exchange mode, each judged on figures from the same scenario process:
// - a cache hit may add at most one gRPC round trip + 0.3 ms to a pass-through tool call;
// - an uncached exchange through the broker may take at most 1.5 ms more than the same POST at the IdP;
// - at concurrency 16 the broker must keep at least 0.85 of the IdP's direct throughput.
// The two latency budgets are reported as overhead / budget, so ≤ 1 is met whatever the machine.

/** Row names of the hot-path scenario, judged here. */
export const HOT_PATH_ROWS = {
  hop: 'hot path: gRPC round trip (health check)',
  cacheHit: 'hot path: ExchangeToken, cache hit',
  viaBroker: 'hot path: exchange, via broker (cache off)',
  direct: 'hot path: exchange, direct to IdP',
  passThrough: 'hot path: tool call, pass-through',
  cachedToolCall: 'hot path: tool call, exchange, cache hit',
} as const;

const CACHE_HIT_SLACK_MS = 0.3;
const UNCACHED_BUDGET_MS = 1.5;
const THROUGHPUT_FLOOR = 0.85;

const ms = (n: number) => `${n.toFixed(2)} ms`;

/** The hot-path targets, or nothing when the hot-path rows are missing (the scenario was skipped). */
export function hotPathTargets(rows: readonly Measurement[], concurrency: number): Record<string, Target> {
  const row = (name: string, conc: number) => rows.find((r) => r.name === name && r.concurrency === conc);
  const hop = row(HOT_PATH_ROWS.hop, 1);
  const hit = row(HOT_PATH_ROWS.cacheHit, 1);
  const pass = row(HOT_PATH_ROWS.passThrough, 1);
  const cachedCall = row(HOT_PATH_ROWS.cachedToolCall, 1);
  const viaBroker = row(HOT_PATH_ROWS.viaBroker, 1);
  const direct = row(HOT_PATH_ROWS.direct, 1);
  const viaBrokerConcurrent = row(HOT_PATH_ROWS.viaBroker, concurrency);
  const directConcurrent = row(HOT_PATH_ROWS.direct, concurrency);
  if (
    !hop ||
    !hit ||
    !pass ||
    !cachedCall ||
    !viaBroker ||
    !direct ||
    !viaBrokerConcurrent ||
    !directConcurrent
  ) {
    return {};
  }
  const hitBudget = hop.p50Ms + CACHE_HIT_SLACK_MS;
  const hitOverhead = cachedCall.p50Ms - pass.p50Ms;
  const uncachedOverhead = viaBroker.p50Ms - direct.p50Ms;
  return {
    hotPathCacheHitOverBudget: atMost(
      ratio(hitOverhead, hitBudget),
      1,
      `<= 1 (tool call +${ms(hitOverhead)} over pass-through; budget hop ${ms(hop.p50Ms)} + ${CACHE_HIT_SLACK_MS} ms)`,
    ),
    hotPathCacheHitRpcVsHop: atMost(
      ratio(hit.p50Ms, hop.p50Ms),
      (hop.p50Ms + CACHE_HIT_SLACK_MS) / hop.p50Ms,
      `<= hop + ${CACHE_HIT_SLACK_MS} ms (cache-hit RPC ${ms(hit.p50Ms)} vs health ${ms(hop.p50Ms)})`,
    ),
    hotPathUncachedOverBudget: atMost(
      ratio(uncachedOverhead, UNCACHED_BUDGET_MS),
      1,
      `<= 1 (broker +${ms(uncachedOverhead)} over direct ${ms(direct.p50Ms)}; budget ${UNCACHED_BUDGET_MS} ms)`,
    ),
    hotPathThroughputVsDirect: atLeast(
      ratio(viaBrokerConcurrent.opsPerSecond, directConcurrent.opsPerSecond),
      THROUGHPUT_FLOOR,
      `>= ${THROUGHPUT_FLOOR} at concurrency ${concurrency} (${viaBrokerConcurrent.opsPerSecond.toFixed(0)} vs ${directConcurrent.opsPerSecond.toFixed(0)} ops/s)`,
    ),
  };
}
