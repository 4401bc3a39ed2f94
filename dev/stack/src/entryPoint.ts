import { fileURLToPath } from 'node:url';

/** The TypeScript entry point (`src/index.ts`) of a workspace app, found through its package. */
export function appEntryPoint(packageName: string): string {
  return fileURLToPath(import.meta.resolve(`${packageName}/package.json`)).replace(
    /package\.json$/,
    'src/index.ts',
  );
}

/** The built bundle (`dist/index.js`, from `pnpm build`) of a workspace app. */
export function appBundle(packageName: string): string {
  return fileURLToPath(import.meta.resolve(`${packageName}/package.json`)).replace(
    /package\.json$/,
    'dist/index.js',
  );
}
