// Bundles the app and the workspace packages it imports (they ship TypeScript sources) into
// dist/index.js; third-party packages stay external and are installed next to it.
import { build } from 'esbuild';

const workspaceFirst = {
  name: 'externalize-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@nc-mcp/') ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [workspaceFirst],
  logLevel: 'warning',
});
