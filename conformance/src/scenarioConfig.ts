import { readFileSync } from 'node:fs';

/** The protocol revisions the runner checks, each at its own wire (initialize vs per-request `_meta`). */
export const SPEC_VERSIONS = ['2025-11-25', '2026-07-28'] as const;
/** One of {@link SPEC_VERSIONS}. */
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** How every server scenario the suite has for one revision applies to this server. */
export interface VersionScenarios {
  /** Run, and must pass. */
  applicable: string[];
  /**
   * Single checks inside an applicable scenario that cannot apply (`<scenario>:<check-id>` → reason),
   * handed to the suite as expected failures: the rest of the scenario still has to pass, and the
   * suite fails the run if one of them starts passing (the entry is then stale).
   */
  notApplicableChecks: Record<string, string>;
  /** Not run: scenario → why it does not apply to this server. */
  notApplicable: Record<string, string>;
}

/** `scenarios.json`: the classification per revision. */
export type ScenarioConfig = Record<SpecVersion, VersionScenarios>;

/** Thrown when `scenarios.json` is malformed or disagrees with the installed suite. */
export class ScenarioConfigError extends Error {
  readonly code = 'scenario_config_invalid';
  readonly retryable = false;
  override readonly name = 'ScenarioConfigError';
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' && v.length > 0)
  );
}

/** Reads and shape-checks `scenarios.json`. */
export function loadScenarioConfig(path: string): ScenarioConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const config = {} as ScenarioConfig;
  for (const version of SPEC_VERSIONS) {
    const entry = raw[version] as Partial<VersionScenarios> | undefined;
    if (
      !entry ||
      !Array.isArray(entry.applicable) ||
      !entry.applicable.every((name) => typeof name === 'string') ||
      !isStringRecord(entry.notApplicable) ||
      !isStringRecord(entry.notApplicableChecks ?? {})
    ) {
      throw new ScenarioConfigError(
        `${path}: "${version}" needs "applicable" (names), "notApplicable" and "notApplicableChecks" (name → reason)`,
      );
    }
    config[version] = {
      applicable: entry.applicable,
      notApplicable: entry.notApplicable,
      notApplicableChecks: entry.notApplicableChecks ?? {},
    };
  }
  return config;
}

/**
 * Problems between one revision's classification and what the suite lists for it: every listed scenario
 * is classified exactly once, and nothing is classified that the suite does not have.
 */
export function classificationProblems(scenarios: VersionScenarios, listed: readonly string[]): string[] {
  const problems: string[] = [];
  const applicable = new Set(scenarios.applicable);
  const classified = [...scenarios.applicable, ...Object.keys(scenarios.notApplicable)];
  for (const name of listed) {
    const count = classified.filter((c) => c === name).length;
    if (count === 0) problems.push(`${name}: listed by the suite but neither applicable nor notApplicable`);
    if (count > 1) problems.push(`${name}: classified more than once`);
  }
  for (const name of classified) {
    if (!listed.includes(name)) problems.push(`${name}: not a scenario of the suite at this version`);
  }
  for (const key of Object.keys(scenarios.notApplicableChecks)) {
    const scenario = key.split(':')[0] ?? '';
    if (!key.includes(':') || !applicable.has(scenario)) {
      problems.push(`${key}: notApplicableChecks keys are <applicable scenario>:<check-id>`);
    }
  }
  return problems;
}
