import { createSilentLogger } from '@nc-mcp/logger';
import type { Measurement } from './measure.js';
import { type BenchSizes, exchangeScenario, toolCallScenario } from './scenarios.js';

// Runs one scenario in this (fresh) process and prints its measurements as JSON, so that no
// scenario inherits another's heap, JIT state or open connections.
const [name, sizesJson] = process.argv.slice(2);
const sizes = JSON.parse(sizesJson ?? '{}') as BenchSizes;
const logger = createSilentLogger();

const scenarios: Record<string, () => Promise<Measurement[]>> = {
  'pass-through': () => toolCallScenario('pass-through', { mode: 'pass-through', logger, sizes }),
  'exchange-cache-off': () =>
    toolCallScenario('exchange, cache off', { mode: 'exchange', cacheTtlSeconds: 0, logger, sizes }),
  'exchange-cache-on': () =>
    toolCallScenario('exchange, cache on', { mode: 'exchange', cacheTtlSeconds: 300, logger, sizes }),
  exchanges: () => exchangeScenario({ logger, sizes }),
};

const run = name ? scenarios[name] : undefined;
if (!run) {
  process.stderr.write(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run())}\n`);
