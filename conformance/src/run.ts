import { createWriteStream, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { obtainTokens } from '@nc-mcp/dev-idp';
import { startInProcessStack } from '@nc-mcp/dev-stack';
import { createLogger } from '@nc-mcp/logger';
import {
  classificationProblems,
  loadScenarioConfig,
  SPEC_VERSIONS,
  type SpecVersion,
} from './scenarioConfig.js';
import { seedNote } from './seedNote.js';
import { listServerScenarios, runServerScenario } from './suiteCli.js';
import { ensureSuite, SUITE_VERSION } from './suiteInstall.js';
import { formatSummary, type VersionOutcome } from './summary.js';

// `pnpm conformance [--spec-version 2025-11-25|2026-07-28]...`: the official MCP conformance suite against
// the in-process stack (pass-through mode) with a dev-IdP token, for the scenarios scenarios.json marks
// applicable. Exits 1 if any of them fails.

const root = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(root, '.cache', 'conformance');
const configPath = fileURLToPath(new URL('../scenarios.json', import.meta.url));
const print = (text: string) => process.stdout.write(`${text}\n`);

// `pnpm conformance -- --spec-version …` may hand the `--` through.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({ args, options: { 'spec-version': { type: 'string', multiple: true } } });
const requested = values['spec-version'] ?? [...SPEC_VERSIONS];
const unknown = requested.filter((v) => !(SPEC_VERSIONS as readonly string[]).includes(v));
if (unknown.length > 0) {
  print(`unknown --spec-version ${unknown.join(', ')}; known: ${SPEC_VERSIONS.join(', ')}`);
  process.exit(2);
}
const versions = requested as SpecVersion[];

const config = loadScenarioConfig(configPath);
const suite = ensureSuite(cacheDir, print);

// scenarios.json must classify exactly what this suite release has, before anything starts.
const problems: string[] = [];
for (const version of versions) {
  const listed = await listServerScenarios(suite, version);
  problems.push(...classificationProblems(config[version], listed).map((p) => `${version} ${p}`));
}
if (problems.length > 0) {
  print(`conformance/scenarios.json does not match the suite (${SUITE_VERSION}):`);
  for (const problem of problems) print(`  ${problem}`);
  process.exit(1);
}

const resultsDir = join(cacheDir, 'results', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(resultsDir, { recursive: true });
const stackLog = createWriteStream(join(resultsDir, 'stack.log'));
const logger = createLogger({
  name: 'conformance-stack',
  level: process.env.LOG_LEVEL ?? 'info',
  destination: stackLog,
});

const stack = await startInProcessStack({ mode: 'pass-through', logger });
const outcomes: VersionOutcome[] = [];
try {
  const { access_token: token } = await obtainTokens(stack.idp, {
    username: 'alice',
    password: 'alice',
    scopes: ['notes.read', 'notes.write'],
    resource: stack.mcpUrl,
  });
  await seedNote(stack.nextcloud.url, token);
  for (const version of versions) {
    const scenarios = config[version];
    const result: VersionOutcome = {
      specVersion: version,
      outcomes: [],
      notApplicableChecks: scenarios.notApplicableChecks,
      notApplicableCount: Object.keys(scenarios.notApplicable).length,
    };
    outcomes.push(result);
    for (const scenario of scenarios.applicable) {
      const outcome = await runServerScenario(suite, {
        scenario,
        specVersion: version,
        url: stack.mcpUrl,
        token,
        outputDir: join(resultsDir, version, scenario),
        expectedFailures: Object.keys(scenarios.notApplicableChecks).filter((key) =>
          key.startsWith(`${scenario}:`),
        ),
      });
      result.outcomes.push(outcome);
      print(`${version} ${scenario}: ${outcome.passed ? 'pass' : 'FAIL'}`);
    }
  }
} finally {
  await stack.close();
  stackLog.end();
}

const header = `MCP conformance: @modelcontextprotocol/conformance ${SUITE_VERSION}, in-process stack (pass-through), user alice`;
print('');
process.stdout.write(formatSummary(header, outcomes, relative(root, resultsDir)));
const failed = outcomes.some((v) => v.outcomes.some((o) => !o.passed));
process.exitCode = failed ? 1 : 0;
