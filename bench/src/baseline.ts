import { readdirSync, readFileSync } from 'node:fs';
import type { Measurement } from './measure.js';
import { atMost, missedMark, ratio, type Target } from './targets.js';

/** The parts of a committed result file (`results/baseline-*.json`) a comparison reads. */
export interface BaselineResult {
  when?: string;
  machine?: { cpus?: number; cpuModel?: string; node?: string };
  rows: Measurement[];
}

/** One measurement present in both runs, matched by name and concurrency. */
export interface ComparedRow {
  name: string;
  concurrency: number;
  baselineP50Ms: number;
  p50Ms: number;
  ratio: number;
}

/** This run against the newest committed baseline. */
export interface BaselineComparison {
  baselineFile: string;
  baselineWhen?: string;
  baselineMachine?: BaselineResult['machine'];
  /** False when CPU count, CPU model or Node version differ from the baseline's: ratios then mislead. */
  sameMachine: boolean;
  rows: ComparedRow[];
  /** Sequential pass-through tool-call p50 on the 2025-11-25 era (the row the baseline has). */
  toolCallP50: Target | undefined;
}

const BASELINE_FILE = /^baseline-.*\.json$/;
const TOOL_CALL_ROW = 'tool call, pass-through';
const TOOL_CALL_LIMIT = 1.1;

/** The newest `baseline-*.json` in `dir` by file name (names carry an ISO date), if any. */
export function loadNewestBaseline(dir: URL): { file: string; result: BaselineResult } | undefined {
  const file = readdirSync(dir)
    .filter((name) => BASELINE_FILE.test(name))
    .sort()
    .at(-1);
  if (!file) return undefined;
  const result = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as BaselineResult;
  return { file, result };
}

/** Pairs this run's rows with the baseline's by name and concurrency, in this run's order. */
export function compareWithBaseline(
  rows: readonly Measurement[],
  machine: NonNullable<BaselineResult['machine']>,
  baseline: { file: string; result: BaselineResult },
): BaselineComparison {
  const before = baseline.result.machine;
  const sameMachine =
    before?.cpus === machine.cpus && before?.cpuModel === machine.cpuModel && before?.node === machine.node;
  const compared: ComparedRow[] = [];
  for (const row of rows) {
    const before = baseline.result.rows.find((b) => b.name === row.name && b.concurrency === row.concurrency);
    if (!before) continue;
    compared.push({
      name: row.name,
      concurrency: row.concurrency,
      baselineP50Ms: before.p50Ms,
      p50Ms: row.p50Ms,
      ratio: ratio(row.p50Ms, before.p50Ms),
    });
  }
  const toolCall = compared.find((r) => r.name === TOOL_CALL_ROW && r.concurrency === 1);
  return {
    baselineFile: baseline.file,
    baselineWhen: baseline.result.when,
    baselineMachine: baseline.result.machine,
    sameMachine,
    rows: compared,
    toolCallP50: toolCall
      ? atMost(toolCall.ratio, TOOL_CALL_LIMIT, `<= ${TOOL_CALL_LIMIT.toFixed(2)}`)
      : undefined,
  };
}

/** The comparison as printed after the table, ending with the tool-call p50 line. */
export function formatComparison(comparison: BaselineComparison): string {
  const machine = comparison.baselineMachine;
  const about = [
    comparison.baselineWhen,
    machine && `${machine.cpus ?? '?'} cpus ${machine.cpuModel ?? ''}`.trim(),
    machine?.node && `node ${machine.node}`,
  ].filter(Boolean);
  const nameWidth = Math.max(8, ...comparison.rows.map((r) => r.name.length));
  const lines = [
    `vs baseline ${comparison.baselineFile}${about.length > 0 ? ` (${about.join(', ')})` : ''}`,
    ...(comparison.sameMachine ? [] : ["note: this machine (CPUs or Node) differs from the baseline's"]),
    `${'scenario'.padEnd(nameWidth)}  conc  base p50 ms  p50 ms   ratio`,
    ...comparison.rows.map(
      (r) =>
        `${r.name.padEnd(nameWidth)}  ${String(r.concurrency).padStart(4)}  ${r.baselineP50Ms.toFixed(2).padStart(11)}  ${r.p50Ms.toFixed(2).padStart(6)}  ${r.ratio.toFixed(3).padStart(6)}`,
    ),
    '',
  ];
  const target = comparison.toolCallP50;
  lines.push(
    target
      ? `tool-call p50 vs baseline: ${target.ratio.toFixed(3)} (target ≤ ${TOOL_CALL_LIMIT.toFixed(2)})${missedMark(target)}`
      : `tool-call p50 vs baseline: n/a (no "${TOOL_CALL_ROW}" row at concurrency 1 in both runs)`,
  );
  return lines.join('\n');
}
