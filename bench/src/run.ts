import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { backgroundTargets, formatFigures } from './backgroundTargets.js';
import { compareWithBaseline, formatComparison, loadNewestBaseline } from './baseline.js';
import { filesTargets } from './filesBench.js';
import { hotPathTargets } from './hotPathTargets.js';
import { formatTable, type Measurement } from './measure.js';
import { MODERN_PROTOCOL_VERSION } from './modernClient.js';
import type { BenchSizes, ScenarioOutcome } from './scenarios.js';
import { atLeast, atMost, informational, missedMark, ratio } from './targets.js';

// `pnpm bench`: tool-call latency and throughput per token mode (and, in pass-through, per protocol
// era), and broker vs direct IdP exchanges, all on loopback; then this run against the newest
// committed baseline. BENCH_SCALE shrinks or grows every count (default 1).
const scale = Number(process.env.BENCH_SCALE ?? '1');
const sizes: BenchSizes = {
  toolCalls: Math.max(20, Math.round(500 * scale)),
  exchanges: Math.max(20, Math.round(500 * scale)),
  concurrency: 16,
};

/** Runs one scenario in a fresh Node process (see scenarioMain.ts). */
function runScenario(name: string): ScenarioOutcome {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const main = fileURLToPath(new URL('./scenarioMain.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', tsx, main, name, JSON.stringify(sizes)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 10 * 60_000,
  });
  const last = out.trim().split('\n').at(-1) ?? '{"rows":[]}';
  return JSON.parse(last) as ScenarioOutcome;
}

function find(rows: readonly Measurement[], name: string, concurrency: number): Measurement {
  const row = rows.find((r) => r.name === name && r.concurrency === concurrency);
  if (!row) throw new Error(`no measurement ${name} @${concurrency}`);
  return row;
}

const scenarioNames = [
  'pass-through',
  `pass-through-${MODERN_PROTOCOL_VERSION}`,
  'exchange-cache-off',
  'exchange-cache-on',
  'exchanges',
  'broker-hot-path',
  'files',
  'background',
];
const rows: Measurement[] = [];
const skipped: Record<string, string> = {};
const figures: Record<string, number> = {};
for (const name of scenarioNames) {
  const outcome = runScenario(name);
  if ('skipped' in outcome) skipped[name] = outcome.skipped;
  else {
    rows.push(...outcome.rows);
    Object.assign(figures, outcome.figures);
  }
}

const passP50 = find(rows, 'tool call, pass-through', 1).p50Ms;
const targets = {
  cachedExchangeVsPassThroughP50: atMost(
    ratio(find(rows, 'tool call, exchange, cache on', 1).p50Ms, passP50),
    1.3,
  ),
  uncachedExchangeVsPassThroughP50: informational(
    ratio(find(rows, 'tool call, exchange, cache off', 1).p50Ms, passP50),
  ),
  brokerOverheadP50: atMost(
    ratio(find(rows, 'exchange, via broker', 1).p50Ms, find(rows, 'exchange, direct to IdP', 1).p50Ms),
    1.15,
  ),
  brokerThroughputVsDirect: atLeast(
    ratio(
      find(rows, 'exchange, via broker', sizes.concurrency).opsPerSecond,
      find(rows, 'exchange, direct to IdP', sizes.concurrency).opsPerSecond,
    ),
    0.87,
    '>= 0.87 (i.e. at most 15% slower)',
  ),
  ...hotPathTargets(rows, sizes.concurrency),
  ...filesTargets(rows),
  ...backgroundTargets(rows, figures),
};

process.stdout.write(`\n${formatTable(rows)}\n\n`);
if (Object.keys(figures).length > 0) process.stdout.write(`${formatFigures(figures)}\n\n`);
for (const [name, reason] of Object.entries(skipped)) process.stdout.write(`skipped ${name}: ${reason}\n`);
if (Object.keys(skipped).length > 0) process.stdout.write('\n');
for (const [name, target] of Object.entries(targets)) {
  process.stdout.write(
    `${name.padEnd(34)} ${String(target.ratio).padStart(7)}   target ${target.target}${missedMark(target)}\n`,
  );
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  arch: arch(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const baseline = loadNewestBaseline(resultsDir);
const comparison = baseline ? compareWithBaseline(rows, machine, baseline) : undefined;
process.stdout.write(
  `\n${comparison ? formatComparison(comparison) : 'no bench/results/baseline-*.json to compare with'}\n`,
);

const when = new Date().toISOString();
// Other work on the machine moves every figure: the 1, 5 and 15 minute load averages at the end of the run.
const loadAverage = loadavg().map((load) => Math.round(load * 100) / 100);
const file = new URL(`bench-${when.replace(/[:.]/g, '-')}.json`, resultsDir);
writeFileSync(
  file,
  `${JSON.stringify({ when, machine, loadAverage, sizes, rows, figures, skipped, targets, comparison }, null, 2)}\n`,
);
process.stdout.write(`\nwrote ${file.pathname}\n`);
