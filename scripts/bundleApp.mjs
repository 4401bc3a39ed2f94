// Bundles the app in the current directory (src/index.ts) with everything it imports into
// dist/index.js, so its image needs no node_modules: the workspace packages ship TypeScript sources
// and pnpm's layout would hide their dependencies. Run from an app folder: `node ../../scripts/bundleApp.mjs`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle a real one.
  banner: {
    js: "import { createRequire as __ncCreateRequire } from 'node:module'; const require = __ncCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
