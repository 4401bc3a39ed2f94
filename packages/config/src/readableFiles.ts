import { accessSync, constants } from 'node:fs';
import { ConfigError, type EnvIssue } from './envSchema.js';

/**
 * Checks at start that every file a variable names can be read, so a wrong path is a ConfigError naming
 * the variable rather than an ENOENT thrown later from deep inside a TLS set-up. Unset entries are skipped.
 */
export function requireReadableFiles(files: Readonly<Record<string, string | undefined>>): void {
  const issues: EnvIssue[] = [];
  for (const [variable, path] of Object.entries(files)) {
    if (path === undefined) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      issues.push({ variable, message: 'names a file that cannot be read' });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
