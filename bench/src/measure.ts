/** Latency distribution and throughput of one measured run. */
export interface Measurement {
  name: string;
  operations: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  opsPerSecond: number;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/**
 * Runs `operation` `count` times with at most `concurrency` in flight (after `warmup` unmeasured
 * runs) and reports per-operation latency and overall throughput. Bounded by count, never by time.
 */
export async function measure(
  name: string,
  operation: () => Promise<unknown>,
  options: { count: number; concurrency: number; warmup?: number },
): Promise<Measurement> {
  for (let i = 0; i < (options.warmup ?? 20); i++) await operation();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.count) {
      next++;
      const t0 = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    operations: options.count,
    concurrency: options.concurrency,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    meanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    opsPerSecond: round((latencies.length / elapsedMs) * 1000),
    errors,
  };
}

/** A fixed-width text table of measurements. */
export function formatTable(rows: readonly Measurement[]): string {
  const header = ['scenario', 'ops', 'conc', 'p50 ms', 'p99 ms', 'mean ms', 'ops/s', 'errors'];
  const body = rows.map((r) => [
    r.name,
    String(r.operations),
    String(r.concurrency),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    r.meanMs.toFixed(2),
    r.opsPerSecond.toFixed(1),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
