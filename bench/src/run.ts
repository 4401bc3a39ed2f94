import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable, type Measurement } from './measure.js';
import type { BenchSizes } from './scenarios.js';

// `pnpm bench`: tool-call latency and throughput per token mode, and broker vs direct IdP exchanges,
// all on loopback. BENCH_SCALE shrinks or grows every count (default 1).
const scale = Number(process.env.BENCH_SCALE ?? '1');
const sizes: BenchSizes = {
  toolCalls: Math.max(20, Math.round(500 * scale)),
  exchanges: Math.max(20, Math.round(500 * scale)),
  concurrency: 16,
};

/** Runs one scenario in a fresh Node process (see scenarioMain.ts). */
function runScenario(name: string): Measurement[] {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const main = fileURLToPath(new URL('./scenarioMain.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', tsx, main, name, JSON.stringify(sizes)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 10 * 60_000,
  });
  const last = out.trim().split('\n').at(-1) ?? '[]';
  return JSON.parse(last) as Measurement[];
}

function find(rows: readonly Measurement[], name: string, concurrency: number): Measurement {
  const row = rows.find((r) => r.name === name && r.concurrency === concurrency);
  if (!row) throw new Error(`no measurement ${name} @${concurrency}`);
  return row;
}

const rows: Measurement[] = ['pass-through', 'exchange-cache-off', 'exchange-cache-on', 'exchanges'].flatMap(
  runScenario,
);

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const passP50 = find(rows, 'tool call, pass-through', 1).p50Ms;
const targets = {
  cachedExchangeVsPassThroughP50: {
    ratio: ratio(find(rows, 'tool call, exchange, cache on', 1).p50Ms, passP50),
    target: '<= 1.3',
  },
  uncachedExchangeVsPassThroughP50: {
    ratio: ratio(find(rows, 'tool call, exchange, cache off', 1).p50Ms, passP50),
    target: 'informational',
  },
  brokerOverheadP50: {
    ratio: ratio(find(rows, 'exchange, via broker', 1).p50Ms, find(rows, 'exchange, direct to IdP', 1).p50Ms),
    target: '<= 1.15',
  },
  brokerThroughputVsDirect: {
    ratio: ratio(
      find(rows, 'exchange, via broker', sizes.concurrency).opsPerSecond,
      find(rows, 'exchange, direct to IdP', sizes.concurrency).opsPerSecond,
    ),
    target: '>= 0.87 (i.e. at most 15% slower)',
  },
};

process.stdout.write(`\n${formatTable(rows)}\n\n`);
for (const [name, { ratio: value, target }] of Object.entries(targets)) {
  process.stdout.write(`${name.padEnd(34)} ${String(value).padStart(7)}   target ${target}\n`);
}

const when = new Date().toISOString();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  arch: arch(),
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const dir = new URL('../results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const file = new URL(`bench-${when.replace(/[:.]/g, '-')}.json`, dir);
writeFileSync(file, `${JSON.stringify({ when, machine, sizes, rows, targets }, null, 2)}\n`);
process.stdout.write(`\nwrote ${file.pathname}\n`);
