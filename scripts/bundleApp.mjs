// Bundles the app in the current directory (src/index.ts) with everything it imports into
// dist/index.js, so its image needs no node_modules (native addons aside, see `external`): the
// workspace packages ship TypeScript sources and pnpm's layout would hide their dependencies. Run from an app folder: `node ../../scripts/bundleApp.mjs`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Native addons cannot be inlined. better-sqlite3 (the token broker's vault) is installed next to
  // the bundle by deploy/app.Dockerfile for every app that lists it in its own dependencies (in the
  // repository it resolves from the app's node_modules). pg-native is pg's optional binding, required
  // only if `pg.native` is used, which nothing does. An app that imports neither is unaffected.
  external: ['better-sqlite3', 'pg-native'],
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle a real one.
  banner: {
    js: "import { createRequire as __ncCreateRequire } from 'node:module'; const require = __ncCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
