import { createSilentLogger } from '@nc-mcp/logger';
import { backgroundScenario } from './backgroundBench.js';
import { filesScenario } from './filesBench.js';
import { hotPathScenario } from './hotPath.js';
import type { Measurement } from './measure.js';
import { loadModernClient, MODERN_PROTOCOL_VERSION } from './modernClient.js';
import { type BenchSizes, exchangeScenario, type ScenarioOutcome, toolCallScenario } from './scenarios.js';

// Runs one scenario in this (fresh) process and prints its outcome as one JSON line, so that no
// scenario inherits another's heap, JIT state or open connections.
const [name, sizesJson] = process.argv.slice(2);
const sizes = JSON.parse(sizesJson ?? '{}') as BenchSizes;
const logger = createSilentLogger();

const measured = (rows: Promise<Measurement[]>) => rows.then((r): ScenarioOutcome => ({ rows: r }));

const scenarios: Record<string, () => Promise<ScenarioOutcome>> = {
  'pass-through': () => measured(toolCallScenario('pass-through', { mode: 'pass-through', logger, sizes })),
  [`pass-through-${MODERN_PROTOCOL_VERSION}`]: async () => {
    const connect = await loadModernClient();
    if (typeof connect !== 'function') return connect;
    return measured(
      toolCallScenario(`pass-through, ${MODERN_PROTOCOL_VERSION}`, {
        mode: 'pass-through',
        connect,
        logger,
        sizes,
      }),
    );
  },
  'exchange-cache-off': () =>
    measured(
      toolCallScenario('exchange, cache off', { mode: 'exchange', cacheTtlSeconds: 0, logger, sizes }),
    ),
  'exchange-cache-on': () =>
    measured(
      toolCallScenario('exchange, cache on', { mode: 'exchange', cacheTtlSeconds: 300, logger, sizes }),
    ),
  exchanges: () => measured(exchangeScenario({ logger, sizes })),
  'broker-hot-path': () => measured(hotPathScenario({ logger, sizes })),
  files: () => measured(filesScenario({ logger, sizes })),
  background: () => backgroundScenario({ logger, sizes }),
};

const run = name ? scenarios[name] : undefined;
if (!run) {
  process.stderr.write(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await run())}\n`);
