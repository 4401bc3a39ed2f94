import type { ScenarioOutcome } from './suiteCli.js';

/** The outcomes of one revision's run. */
export interface VersionOutcome {
  specVersion: string;
  outcomes: ScenarioOutcome[];
  /** `<scenario>:<check-id>` entries excused as not applicable. */
  notApplicableChecks: Record<string, string>;
  notApplicableCount: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function scenarioLines(outcome: ScenarioOutcome, excused: Record<string, string>, width: number): string[] {
  const isExcused = (id: string) => `${outcome.scenario}:${id}` in excused;
  const count = (status: string, excusedToo: boolean) =>
    outcome.checks.filter((c) => c.status === status && isExcused(c.id) === excusedToo).length;
  const parts = [`${count('SUCCESS', false)} passed`];
  const failed = count('FAILURE', false);
  const warnings = count('WARNING', false);
  const notApplicable = outcome.checks.filter((c) => isExcused(c.id) && c.status !== 'SUCCESS').length;
  if (failed > 0) parts.push(`${failed} failed`);
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  if (notApplicable > 0) parts.push(`${notApplicable} n/a`);
  if (outcome.checks.length === 0)
    parts.splice(0, parts.length, `no checks recorded (exit ${outcome.exitCode})`);
  const lines = [
    `  ${outcome.passed ? 'PASS' : 'FAIL'}  ${outcome.scenario.padEnd(width)}  ${parts.join(', ')}`,
  ];
  const shown = new Set<string>();
  for (const check of outcome.checks) {
    if ((check.status !== 'FAILURE' && check.status !== 'WARNING') || isExcused(check.id)) continue;
    const line = `${check.status === 'FAILURE' ? 'x' : '!'} ${check.id}: ${(check.errorMessage ?? check.description ?? '').split('\n')[0]}`;
    if (shown.has(line)) continue;
    shown.add(line);
    lines.push(`        ${line.slice(0, 220)}`);
  }
  // The suite fails a run whose expected failure now passes: that scenarios.json entry is stale.
  const stale = new Set(
    outcome.checks.filter((c) => c.status === 'SUCCESS' && isExcused(c.id)).map((c) => c.id),
  );
  for (const id of stale)
    lines.push(`        x ${outcome.scenario}:${id} passes now: remove it from notApplicableChecks`);
  if (!outcome.passed && failed === 0 && stale.size === 0) {
    lines.push(`        see ${outcome.outputDir}/suite-output.txt`);
  }
  return lines;
}

/** The human-readable report of a run. */
export function formatSummary(
  header: string,
  versions: readonly VersionOutcome[],
  resultsDir: string,
): string {
  const lines = [header, ''];
  const totals: string[] = [];
  for (const version of versions) {
    const width = Math.max(0, ...version.outcomes.map((o) => o.scenario.length));
    lines.push(`${version.specVersion}`);
    for (const outcome of version.outcomes)
      lines.push(...scenarioLines(outcome, version.notApplicableChecks, width));
    lines.push(
      `  (${version.notApplicableCount} scenarios not applicable: see conformance/scenarios.json)`,
      '',
    );
    const passed = version.outcomes.filter((o) => o.passed).length;
    totals.push(`${version.specVersion} ${passed}/${version.outcomes.length} applicable scenarios passed`);
  }
  lines.push(`Summary: ${totals.join('; ')}`, `Results: ${resultsDir}`);
  return `${lines.join('\n')}\n`;
}
