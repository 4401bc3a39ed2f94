import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteInstall } from './suiteInstall.js';

/** The preload that adds the bearer token to the suite's requests for the MCP endpoint. */
const AUTH_PRELOAD = fileURLToPath(new URL('./authPreload.mjs', import.meta.url));
/** Read by {@link AUTH_PRELOAD}. */
const TOKEN_VARIABLE = 'NC_MCP_CONFORMANCE_TOKEN';
const URL_VARIABLE = 'NC_MCP_CONFORMANCE_URL';
/** Beyond the suite's own per-scenario timeout: a hung suite process is killed. */
const KILL_AFTER_MS = 3 * 60_000;

/** One check as the suite records it in `checks.json`. */
export interface SuiteCheck {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO' | string;
  description?: string;
  errorMessage?: string;
}

/** What one scenario run came to. */
export interface ScenarioOutcome {
  scenario: string;
  /** The suite's verdict (its exit code, expected failures applied). */
  passed: boolean;
  exitCode: number | null;
  checks: SuiteCheck[];
  /** Where the suite's checks.json and output were written. */
  outputDir: string;
}

interface Captured {
  code: number | null;
  output: string;
}

function runSuite(suite: SuiteInstall, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(suite.node, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The suite's environment: ours minus anything that would make Node pick up the workspace's loaders. */
function suiteEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** The server scenarios the suite has at `specVersion` (what `conformance list --server` prints). */
export async function listServerScenarios(suite: SuiteInstall, specVersion: string): Promise<string[]> {
  const { code, output } = await runSuite(
    suite,
    [suite.cli, 'list', '--server', '--spec-version', specVersion],
    suiteEnv({}),
  );
  if (code !== 0)
    throw new Error(`conformance list --server --spec-version ${specVersion} failed:\n${output}`);
  return [...output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1] ?? '');
}

/** Replaces every occurrence of the token, should the suite ever echo a request header. */
function redact(text: string, token: string): string {
  return text.split(token).join('[redacted]');
}

function readChecks(outputDir: string, token: string): SuiteCheck[] {
  const runDir = existsSync(outputDir)
    ? readdirSync(outputDir).find((name) => existsSync(join(outputDir, name, 'checks.json')))
    : undefined;
  if (!runDir) return [];
  const file = join(outputDir, runDir, 'checks.json');
  const text = readFileSync(file, 'utf8');
  const clean = redact(text, token);
  if (clean !== text) writeFileSync(file, clean);
  return JSON.parse(clean) as SuiteCheck[];
}

/** Options of {@link runServerScenario}. */
export interface RunScenarioOptions {
  scenario: string;
  specVersion: string;
  url: string;
  token: string;
  /** A fresh directory for this scenario's results. */
  outputDir: string;
  /** `<scenario>:<check-id>` entries the suite treats as expected failures. */
  expectedFailures: readonly string[];
}

/** Runs one server scenario against `url` with the suite's Node 22, the bearer token added by the preload. */
export async function runServerScenario(
  suite: SuiteInstall,
  options: RunScenarioOptions,
): Promise<ScenarioOutcome> {
  mkdirSync(options.outputDir, { recursive: true });
  const args = [
    '--import',
    AUTH_PRELOAD,
    suite.cli,
    'server',
    '--url',
    options.url,
    '--scenario',
    options.scenario,
    '--spec-version',
    options.specVersion,
    '--output-dir',
    options.outputDir,
  ];
  if (options.expectedFailures.length > 0) {
    const baseline = join(options.outputDir, 'expected-failures.yaml');
    // JSON strings are valid YAML scalars, and keep `scenario:check-id` from reading as a mapping.
    const lines = options.expectedFailures.map((entry) => `  - ${JSON.stringify(entry)}`);
    writeFileSync(baseline, `server:\n${lines.join('\n')}\n`);
    args.push('--expected-failures', baseline);
  }
  const { code, output } = await runSuite(
    suite,
    args,
    suiteEnv({ [TOKEN_VARIABLE]: options.token, [URL_VARIABLE]: options.url }),
  );
  writeFileSync(join(options.outputDir, 'suite-output.txt'), redact(output, options.token));
  return {
    scenario: options.scenario,
    passed: code === 0,
    exitCode: code,
    checks: readChecks(options.outputDir, options.token),
    outputDir: options.outputDir,
  };
}
