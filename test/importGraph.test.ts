// Keeps the workspace's import rules (CONTRIBUTING.md) true: it reads every workspace package's
// imports and bundles each app in memory, then asks the pure `violations` function what is wrong.
// `violations` is unit-tested on a synthetic graph first, so a checker that finds nothing cannot pass.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

type Kind = 'app' | 'package' | 'dev' | 'test' | 'bench';

/** One workspace package: its name and its folder relative to the repository root. */
interface Workspace {
  name: string;
  dir: string;
  kind: Kind;
}

/** One import statement: the importing file (repository-relative) and the specifier as written. */
interface ImportEdge {
  file: string;
  specifier: string;
}

/** What the rules are checked on: the workspaces, every import, and each app's bundled input files. */
interface ImportGraph {
  workspaces: Workspace[];
  imports: ImportEdge[];
  bundles: { app: string; inputs: string[] }[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'packages/proto/src/gen']);

const toPosix = (path: string) => path.split(sep).join('/');
const isTestCode = (file: string) => file.endsWith('.test.ts') || file.split('/').includes('testing');
const owner = (workspaces: Workspace[], file: string) =>
  workspaces.find((workspace) => file === workspace.dir || file.startsWith(`${workspace.dir}/`));

/** The workspace an import lands in: by package name, or by path for a relative specifier. */
function targetOf(workspaces: Workspace[], edge: ImportEdge): Workspace | undefined {
  if (edge.specifier.startsWith('.')) {
    return owner(workspaces, toPosix(join(dirname(edge.file), edge.specifier)));
  }
  return workspaces.find(
    (workspace) => edge.specifier === workspace.name || edge.specifier.startsWith(`${workspace.name}/`),
  );
}

/**
 * The session/background separation of the architecture, by process: what each app may never import,
 * and which client code its bundle may never contain. The MCP server never obtains a refresh-derived
 * token; the background worker never exchanges a client's token nor starts a consent.
 */
const SEPARATION: Record<string, { specifiers: string[]; bundleInputs: string[]; rule: string }> = {
  'apps/mcp-server': {
    specifiers: ['@nc-mcp/broker-client/background'],
    bundleInputs: ['packages/broker-client/src/backgroundTokenClient.ts'],
    rule: 'the MCP server never holds background (refresh-derived) tokens',
  },
  'apps/background-worker': {
    specifiers: ['@nc-mcp/broker-client/session', '@nc-mcp/mcp-server'],
    bundleInputs: [
      'packages/broker-client/src/sessionTokenClient.ts',
      'packages/broker-client/src/provisioningClient.ts',
    ],
    rule: 'the background worker never exchanges a session token or starts a consent',
  },
};

/** Every broken rule, one line each, naming the file and the import (or the bundle and the input). */
function violations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const edge of graph.imports) {
    const from = owner(graph.workspaces, edge.file);
    const to = targetOf(graph.workspaces, edge);
    if (from === undefined || to === undefined || from === to) continue;
    const report = (rule: string) => found.push(`${edge.file}: imports '${edge.specifier}' — ${rule}`);
    if (edge.specifier.startsWith('.')) report(`a relative import crosses into ${to.dir}`);
    if (from.kind === 'app' && to.kind === 'app') report('an app never imports another app');
    if (from.kind === 'package' && to.kind === 'app') report('packages/* never import apps/*');
    if (to.kind === 'dev' && !['dev', 'test', 'bench'].includes(from.kind) && !isTestCode(edge.file)) {
      report('only dev/, test/, bench/ and test code import dev/*');
    }
    const separation = SEPARATION[from.dir];
    if (separation?.specifiers.some((s) => edge.specifier === s || edge.specifier.startsWith(`${s}/`))) {
      report(separation.rule);
    }
  }
  for (const bundle of graph.bundles) {
    for (const input of bundle.inputs) {
      if (/(^|\/)oidc-provider[@/]/.test(input))
        found.push(`${bundle.app} bundle: contains ${input} (oidc-provider)`);
      else if (input.startsWith('dev/')) found.push(`${bundle.app} bundle: contains ${input} (dev/ code)`);
      else if (SEPARATION[bundle.app]?.bundleInputs.includes(input)) {
        found.push(`${bundle.app} bundle: contains ${input} (${SEPARATION[bundle.app]?.rule})`);
      }
    }
  }
  return found;
}

/** Import specifiers in TypeScript source: static imports and re-exports, side-effect and dynamic imports. */
function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /(?:^|[;\s}])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[;\s])import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*[,)]/g,
  ];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1] ?? ''));
}

function workspacesOf(root: string): Workspace[] {
  const kinds: [string, Kind][] = [
    ['apps', 'app'],
    ['packages', 'package'],
    ['dev', 'dev'],
  ];
  const dirs: [string, Kind][] = [
    ...kinds.flatMap(([parent, kind]) =>
      readdirSync(join(root, parent)).map((name): [string, Kind] => [`${parent}/${name}`, kind]),
    ),
    ['test', 'test'],
    ['bench', 'bench'],
    // The conformance runner is a tool like the benchmark: it may start the dev stack.
    ['conformance', 'bench'],
  ];
  return dirs
    .filter(([dir]) => existsSync(join(root, dir, 'package.json')))
    .map(([dir, kind]) => {
      const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string };
      return { name, dir, kind };
    });
}

function tsFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return SKIPPED_DIRS.has(entry.name) || SKIPPED_DIRS.has(path) ? [] : tsFiles(root, path);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Packages the bundler leaves out (native addons): the image installs them from the app's own package.json. */
const BUNDLE_EXTERNALS = ['better-sqlite3', 'pg-native'];
/** Externals that are optional at run time (their importer copes without them). */
const OPTIONAL_EXTERNALS = new Set(['pg-native']);

/** The external packages an app's bundle imports at run time. */
async function bundledExternals(root: string, app: Workspace): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [`${app.dir}/src/index.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: BUNDLE_EXTERNALS,
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  return [...new Set(imports.filter((entry) => entry.external).map((entry) => entry.path))];
}

async function bundledInputs(root: string, app: Workspace): Promise<string[]> {
  // The same settings as scripts/bundleApp.mjs, in memory.
  const result = await build({
    absWorkingDir: root,
    entryPoints: [`${app.dir}/src/index.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map(toPosix);
}

describe('the import-graph checker', () => {
  const workspaces: Workspace[] = [
    { name: '@x/app-a', dir: 'apps/a', kind: 'app' },
    { name: '@x/app-b', dir: 'apps/b', kind: 'app' },
    { name: '@x/lib', dir: 'packages/lib', kind: 'package' },
    { name: '@x/dev-idp', dir: 'dev/idp', kind: 'dev' },
    { name: '@x/e2e', dir: 'test', kind: 'test' },
  ];
  const check = (imports: ImportEdge[], bundles: ImportGraph['bundles'] = []) =>
    violations({ workspaces, imports, bundles });

  it('reports an app importing another app, naming the file and the import', () => {
    expect(check([{ file: 'apps/a/src/x.ts', specifier: '@x/app-b' }])).toEqual([
      "apps/a/src/x.ts: imports '@x/app-b' — an app never imports another app",
    ]);
  });

  it('reports a package importing an app or a dev package, even from its test code', () => {
    expect(check([{ file: 'packages/lib/src/x.ts', specifier: '@x/app-a/sub' }])).toHaveLength(1);
    expect(check([{ file: 'packages/lib/src/x.ts', specifier: '@x/dev-idp' }])).toEqual([
      "packages/lib/src/x.ts: imports '@x/dev-idp' — only dev/, test/, bench/ and test code import dev/*",
    ]);
    expect(check([{ file: 'packages/lib/src/x.test.ts', specifier: '@x/app-a' }])).toHaveLength(1);
  });

  it('lets dev/, test/ and test code import dev packages, and nothing else', () => {
    const allowed = [
      'dev/other/src/x.ts',
      'test/x.test.ts',
      'test/support/stack.ts',
      'apps/a/src/x.int.test.ts',
      'packages/lib/src/testing/helper.ts',
    ];
    expect(check(allowed.map((file) => ({ file, specifier: '@x/dev-idp' })))).toEqual([]);
    expect(check([{ file: 'apps/a/src/index.ts', specifier: '@x/dev-idp' }])).toHaveLength(1);
  });

  it('reports a relative import that crosses into another workspace package', () => {
    expect(
      check([{ file: 'apps/a/src/http/x.test.ts', specifier: '../../../../packages/lib/src/y.js' }]),
    ).toEqual([
      "apps/a/src/http/x.test.ts: imports '../../../../packages/lib/src/y.js' — a relative import crosses into packages/lib",
    ]);
    expect(check([{ file: 'apps/a/src/http/x.ts', specifier: '../app.js' }])).toEqual([]);
  });

  it('reports oidc-provider and dev/ code in a bundle, and nothing else', () => {
    const inputs = [
      'apps/a/src/index.ts',
      'packages/lib/src/index.ts',
      'node_modules/.pnpm/oidc-provider@9.13.3/node_modules/oidc-provider/lib/index.js',
      'dev/idp/src/index.ts',
      'node_modules/.pnpm/jose@6.2.18/node_modules/jose/dist/index.js',
    ];
    expect(check([], [{ app: 'apps/a', inputs }])).toEqual([
      'apps/a bundle: contains node_modules/.pnpm/oidc-provider@9.13.3/node_modules/oidc-provider/lib/index.js (oidc-provider)',
      'apps/a bundle: contains dev/idp/src/index.ts (dev/ code)',
    ]);
  });

  it('keeps the session and background token clients in their own processes', () => {
    const apps: Workspace[] = [
      { name: '@nc-mcp/mcp-server', dir: 'apps/mcp-server', kind: 'app' },
      { name: '@nc-mcp/background-worker', dir: 'apps/background-worker', kind: 'app' },
      { name: '@nc-mcp/broker-client', dir: 'packages/broker-client', kind: 'package' },
    ];
    const imports = [
      { file: 'apps/mcp-server/src/x.ts', specifier: '@nc-mcp/broker-client/background' },
      { file: 'apps/mcp-server/src/y.ts', specifier: '@nc-mcp/broker-client/session' },
      { file: 'apps/background-worker/src/x.ts', specifier: '@nc-mcp/broker-client/session' },
      { file: 'apps/background-worker/src/y.ts', specifier: '@nc-mcp/broker-client/background' },
      { file: 'apps/background-worker/src/z.ts', specifier: '@nc-mcp/broker-client' },
    ];
    const bundles = [
      { app: 'apps/mcp-server', inputs: ['packages/broker-client/src/backgroundTokenClient.ts'] },
      { app: 'apps/background-worker', inputs: ['packages/broker-client/src/sessionTokenClient.ts'] },
    ];
    expect(violations({ workspaces: apps, imports, bundles })).toEqual([
      "apps/mcp-server/src/x.ts: imports '@nc-mcp/broker-client/background' — the MCP server never holds background (refresh-derived) tokens",
      "apps/background-worker/src/x.ts: imports '@nc-mcp/broker-client/session' — the background worker never exchanges a session token or starts a consent",
      'apps/mcp-server bundle: contains packages/broker-client/src/backgroundTokenClient.ts (the MCP server never holds background (refresh-derived) tokens)',
      'apps/background-worker bundle: contains packages/broker-client/src/sessionTokenClient.ts (the background worker never exchanges a session token or starts a consent)',
    ]);
  });

  it('finds static, type-only, re-exported, side-effect and dynamic imports, but not commented ones', () => {
    const source = [
      "import { a,\n  b } from '@x/one';",
      "import type { T } from '@x/two';",
      "export { c } from './three.js';",
      "export * from '@x/four';",
      "import '@x/five';",
      "const m = await import('@x/six');",
      "// import { gone } from '@x/commented';",
      "/* import { gone } from '@x/block'; */",
      "const text = 'not an import';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual([
      './three.js',
      '@x/five',
      '@x/four',
      '@x/one',
      '@x/six',
      '@x/two',
    ]);
  });
});

describe('the workspace import graph', () => {
  const workspaces = workspacesOf(ROOT);
  const imports: ImportEdge[] = workspaces.flatMap((workspace) =>
    tsFiles(ROOT, workspace.dir).flatMap((file) =>
      importSpecifiers(readFileSync(join(ROOT, file), 'utf8')).map((specifier) => ({ file, specifier })),
    ),
  );
  const apps = workspaces.filter((workspace) => workspace.kind === 'app');
  let bundles: ImportGraph['bundles'] = [];

  beforeAll(async () => {
    bundles = await Promise.all(
      apps.map(async (app) => ({ app: app.dir, inputs: await bundledInputs(ROOT, app) })),
    );
  }, 120_000);

  it('sees every workspace package and the imports between them', () => {
    expect(apps.map((app) => app.dir)).toEqual(
      expect.arrayContaining(['apps/mcp-server', 'apps/token-broker']),
    );
    expect(workspaces.filter((workspace) => workspace.kind === 'dev').length).toBeGreaterThan(0);
    const internal = imports.filter((edge) => edge.specifier.startsWith('@nc-mcp/'));
    expect(internal.length).toBeGreaterThan(20);
    expect(internal.some((edge) => edge.specifier.startsWith('@nc-mcp/dev-'))).toBe(true);
  });

  it('bundles each app from its own and its libraries’ sources', () => {
    for (const bundle of bundles) {
      expect(bundle.inputs).toContain(`${bundle.app}/src/index.ts`);
      expect(bundle.inputs.some((input) => input.startsWith('packages/'))).toBe(true);
    }
    expect(bundles).toHaveLength(apps.length);
  });

  it('breaks none of the import rules', () => {
    expect(violations({ workspaces, imports, bundles })).toEqual([]);
  });

  it('lists every native package an app bundle needs among that app’s own dependencies', async () => {
    for (const app of apps) {
      const manifest = JSON.parse(readFileSync(join(ROOT, app.dir, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      const needed = (await bundledExternals(ROOT, app)).filter(
        (name) => BUNDLE_EXTERNALS.includes(name) && !OPTIONAL_EXTERNALS.has(name),
      );
      for (const name of needed)
        expect(manifest.dependencies, `${app.dir} needs ${name}`).toHaveProperty(name);
    }
  }, 120_000);
});
