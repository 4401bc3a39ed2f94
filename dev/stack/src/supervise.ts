import type { Logger } from '@nc-mcp/logger';
import type { ChildService } from './childService.js';

/** The exit code of a service that refused its configuration (a ConfigError): restarting cannot help. */
export const CONFIG_ERROR_EXIT_CODE = 2;

/** When and how often a supervised service is restarted. */
export interface RestartPolicy {
  /** Delay before the first restart; it doubles with each further one. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run this long counts as healthy: the next restart starts from the initial delay again. */
  stableAfterMs: number;
  /** Give up after this many failures within `failureWindowMs`. */
  maxFailures: number;
  failureWindowMs: number;
}

/** 0.5 s, 1 s, 2 s … capped at 10 s; reset after 30 s up; give up after 5 failures within a minute. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  stableAfterMs: 30_000,
  maxFailures: 5,
  failureWindowMs: 60_000,
};

/** Why a supervisor stopped restarting its service. */
export interface GiveUp {
  service: string;
  exitCode: number | null;
  reason: 'config_error' | 'crash_loop';
}

/** Options of {@link supervise}. */
export interface SuperviseOptions {
  name: string;
  /** Starts a fresh instance of the service. */
  start(): ChildService;
  logger: Logger;
  policy?: Partial<RestartPolicy>;
  /** Waits before a restart; tests inject one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once when the supervisor gives up; the stack should then stop. */
  onGiveUp(giveUp: GiveUp): void;
}

/** A service kept running by {@link supervise}. */
export interface Supervisor {
  readonly name: string;
  /** The instance running now (or the last one, while a restart is pending). */
  readonly current: ChildService;
  readonly restarts: number;
  /** Resolves when the supervisor gives up; never when it is stopped on purpose. */
  readonly gaveUp: Promise<GiveUp>;
  /** Stops the service and every pending restart. */
  stop(): Promise<void>;
}

/** The delay before restart number `attempt` (0-based): exponential, capped. */
export function restartDelayMs(attempt: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  return Math.min(policy.initialDelayMs * 2 ** attempt, policy.maxDelayMs);
}

/** Starts a service and restarts it, with backoff, whenever it exits without being asked to. */
export function supervise(options: SuperviseOptions): Supervisor {
  const policy = { ...DEFAULT_RESTART_POLICY, ...options.policy };
  const logger = options.logger.child({ service: options.name });
  let stopped = false;
  let restarts = 0;
  let attempt = 0;
  const failures: number[] = [];
  let cancelPause: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const sleep = options.sleep ?? pause;
  let resolveGaveUp: (giveUp: GiveUp) => void = () => undefined;
  const gaveUp = new Promise<GiveUp>((resolve) => {
    resolveGaveUp = resolve;
  });

  const giveUp = (exitCode: number | null, reason: GiveUp['reason']) => {
    stopped = true;
    if (reason === 'config_error') {
      logger.error(
        { exitCode },
        'the service refused its configuration (see its message above); stopping the stack',
      );
    } else {
      logger.error(
        { exitCode, failures: failures.length, withinSeconds: policy.failureWindowMs / 1000 },
        'the service keeps failing; stopping the stack',
      );
    }
    const result = { service: options.name, exitCode, reason };
    resolveGaveUp(result);
    options.onGiveUp(result);
  };

  const onExit = async (child: ChildService, startedAt: number, exitCode: number | null) => {
    if (stopped) return;
    if (exitCode === CONFIG_ERROR_EXIT_CODE) return giveUp(exitCode, 'config_error');
    const now = Date.now();
    if (now - startedAt >= policy.stableAfterMs) {
      attempt = 0;
      failures.length = 0;
    }
    failures.push(now);
    while ((failures[0] ?? now) <= now - policy.failureWindowMs) failures.shift();
    if (failures.length >= policy.maxFailures) return giveUp(exitCode, 'crash_loop');
    const delayMs = restartDelayMs(attempt++, policy);
    logger.warn(
      { exitCode, signal: child.process.signalCode, restartInMs: delayMs, restart: restarts + 1 },
      'the service exited; restarting it',
    );
    await sleep(delayMs);
    if (stopped) return;
    restarts++;
    launch();
  };

  let current: ChildService;
  const launch = () => {
    const child = options.start();
    const startedAt = Date.now();
    current = child;
    void child.exited.then(
      (code) => onExit(child, startedAt, code),
      () => onExit(child, startedAt, null),
    );
  };
  launch();

  return {
    name: options.name,
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    gaveUp,
    async stop() {
      stopped = true;
      cancelPause?.();
      await current.stop();
    },
  };
}
