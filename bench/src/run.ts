import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import { createSilentLogger } from '@nc-mcp/logger';
import { formatTable, type Measurement } from './measure.js';
import { type BenchSizes, exchangeScenario, toolCallScenario } from './scenarios.js';

// `pnpm bench`: tool-call latency and throughput per token mode, and broker vs direct IdP exchanges,
// all on loopback. BENCH_SCALE shrinks or grows every count (default 1).
const scale = Number(process.env.BENCH_SCALE ?? '1');
const sizes: BenchSizes = {
  toolCalls: Math.max(20, Math.round(500 * scale)),
  exchanges: Math.max(20, Math.round(500 * scale)),
  concurrency: 16,
};
const logger = createSilentLogger();

function find(rows: readonly Measurement[], name: string, concurrency: number): Measurement {
  const row = rows.find((r) => r.name === name && r.concurrency === concurrency);
  if (!row) throw new Error(`no measurement ${name} @${concurrency}`);
  return row;
}

const rows: Measurement[] = [
  ...(await toolCallScenario('pass-through', { mode: 'pass-through', logger, sizes })),
  ...(await toolCallScenario('exchange, cache off', { mode: 'exchange', cacheTtlSeconds: 0, logger, sizes })),
  ...(await toolCallScenario('exchange, cache on', {
    mode: 'exchange',
    cacheTtlSeconds: 300,
    logger,
    sizes,
  })),
  ...(await exchangeScenario({ logger, sizes })),
];

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
