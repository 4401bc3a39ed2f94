import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';

/** A service of the stack running as its own Node.js process (TypeScript through tsx). */
export interface ChildService {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts `entry` (a .ts source through tsx, or a built .js bundle); by default its logs show here. */
export function startChildService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'ignore' = 'inherit',
): ChildService {
  // A built bundle runs on plain Node; TypeScript sources run through tsx.
  const loader = entry.endsWith('.ts') ? ['--import', createRequire(import.meta.url).resolve('tsx')] : [];
  const child = spawn(process.execPath, [...loader, entry], { env, stdio: ['ignore', output, output] });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    name,
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` until it is true or the child exits; throws on timeout. */
export async function waitFor(
  service: Pick<ChildService, 'name' | 'exited'>,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited during start-up`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not become ready within ${timeoutMs / 1000}s`);
}

/** Waits until `url` answers 2xx. */
export function waitForHealthy(
  url: string,
  service: Pick<ChildService, 'name' | 'exited'>,
  timeoutMs = 30_000,
): Promise<void> {
  return waitFor(
    service,
    async () => (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok,
    timeoutMs,
  );
}
