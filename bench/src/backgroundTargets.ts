import { BACKGROUND_ROWS } from './backgroundBench.js';
import type { Measurement } from './measure.js';
import { atMost, informational, ratio, type Target } from './targets.js';

// The background scenario's figures that are not latencies: sync throughput in items per second and
// the broker's IdP refreshes per user per access-token lifetime (target: at most one, whatever the
// number of concurrent jobs), plus nc_search through MCP against the index alone.
const REFRESH_LIMIT = 1;
// Refreshes per user per access-token lifetime, at each concurrency of token requests (@N) and during
// the timed real sync jobs (Syncs).
const REFRESH_FIGURE = /^idpRefreshesPerLifetime(@\d+|Syncs)$/;

/** Refreshes ≤ 1 for every concurrency measured; nc_search MCP p50 over direct-index p50 (informational). */
export function backgroundTargets(
  rows: readonly Measurement[],
  figures: Readonly<Record<string, number>>,
): Record<string, Target> {
  const targets: Record<string, Target> = {};
  for (const [name, value] of Object.entries(figures)) {
    if (REFRESH_FIGURE.test(name)) targets[name] = atMost(value, REFRESH_LIMIT);
  }
  const p50 = (name: string) => rows.find((row) => row.name === name && row.concurrency === 1)?.p50Ms;
  const viaMcp = p50(BACKGROUND_ROWS.search);
  const direct = p50(BACKGROUND_ROWS.searchDirect);
  if (viaMcp !== undefined && direct !== undefined)
    targets.ncSearchVsDirectIndexP50 = informational(ratio(viaMcp, direct));
  return targets;
}

/** The figures without a target, as printed under the table (those with one are among the targets). */
export function formatFigures(figures: Readonly<Record<string, number>>): string {
  const shown = Object.entries(figures).filter(([name]) => !REFRESH_FIGURE.test(name));
  const width = Math.max(8, ...shown.map(([name]) => name.length));
  return shown
    .map(
      ([name, value]) =>
        `${name.padEnd(width)} ${(Number.isInteger(value) ? String(value) : value.toFixed(1)).padStart(9)}`,
    )
    .join('\n');
}
