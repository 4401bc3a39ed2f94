import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogs } from '@nc-mcp/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startChildService } from './childService.js';
import { type GiveUp, restartDelayMs, type Supervisor, supervise } from './supervise.js';

// Real child processes: tiny Node scripts that exit with a code, stay up, or crash once then stay up.
let dir: string;
const supervisors: Supervisor[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nc-mcp-supervise-'));
  await writeFile(join(dir, 'exit3.js'), 'process.exit(3);\n');
  await writeFile(join(dir, 'exit2.js'), "process.stderr.write('bad config\\n'); process.exit(2);\n");
  await writeFile(join(dir, 'stayUp.js'), 'setInterval(() => undefined, 1000);\n');
  await writeFile(
    join(dir, 'crashOnce.js'),
    [
      "const { existsSync, writeFileSync } = require('node:fs');",
      'const marker = process.env.MARKER;',
      'if (!existsSync(marker)) { writeFileSync(marker, "crashed"); process.exit(1); }',
      'setInterval(() => undefined, 1000);',
    ].join('\n'),
  );
  await writeFile(join(dir, 'package.json'), '{"type":"commonjs"}\n');
});

afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.stop();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(
  script: string,
  overrides: Partial<Parameters<typeof supervise>[0]> = {},
  env: NodeJS.ProcessEnv = {},
) {
  const logs = captureLogs('supervise');
  const delays: number[] = [];
  const giveUps: GiveUp[] = [];
  let starts = 0;
  const supervisor = supervise({
    name: script,
    start: () => {
      starts++;
      return startChildService(script, join(dir, script), { PATH: process.env.PATH, ...env }, 'ignore');
    },
    logger: logs.logger,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onGiveUp: (giveUp) => giveUps.push(giveUp),
    ...overrides,
  });
  supervisors.push(supervisor);
  return { supervisor, logs, delays, giveUps, starts: () => starts };
}

describe('supervise', () => {
  it('doubles the restart delay up to the cap', () => {
    const policy = {
      initialDelayMs: 500,
      maxDelayMs: 10_000,
      stableAfterMs: 30_000,
      maxFailures: 5,
      failureWindowMs: 60_000,
    };
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => restartDelayMs(attempt, policy))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('restarts a service that crashed and keeps the new instance running', async () => {
    const marker = join(dir, 'crashed-once');
    const run = start('crashOnce.js', {}, { MARKER: marker });
    await vi.waitFor(() => expect(run.supervisor.restarts).toBe(1), { timeout: 30_000, interval: 50 });
    expect(run.starts()).toBe(2);
    expect(run.supervisor.current.process.exitCode).toBeNull();
    expect(run.giveUps).toEqual([]);
    const restartLog = run.logs.records().find((r) => r.msg === 'the service exited; restarting it');
    expect(restartLog).toMatchObject({ service: 'crashOnce.js', exitCode: 1, restartInMs: 500, restart: 1 });
  }, 60_000);

  it('gives up after repeated rapid failures, with backed-off restarts in between', async () => {
    const run = start('exit3.js');
    await vi.waitFor(() => expect(run.giveUps).toHaveLength(1), { timeout: 45_000, interval: 50 });
    expect(run.giveUps[0]).toEqual({ service: 'exit3.js', exitCode: 3, reason: 'crash_loop' });
    expect(run.starts()).toBe(5);
    expect(run.delays).toEqual([500, 1000, 2000, 4000]);
    await expect(run.supervisor.gaveUp).resolves.toMatchObject({ reason: 'crash_loop' });
    expect(run.logs.text()).toContain('the service keeps failing; stopping the stack');
  }, 60_000);

  it('starts from the initial delay again after a run that counts as stable, and then does not give up', async () => {
    const run = start('exit3.js', { policy: { stableAfterMs: 0 } });
    await vi.waitFor(() => expect(run.supervisor.restarts).toBeGreaterThanOrEqual(6), {
      timeout: 45_000,
      interval: 50,
    });
    expect(run.giveUps).toEqual([]);
    expect(new Set(run.delays)).toEqual(new Set([500]));
  }, 60_000);

  it('stops the stack at once when the service refuses its configuration (exit code 2)', async () => {
    const run = start('exit2.js');
    await vi.waitFor(() => expect(run.giveUps).toHaveLength(1), { timeout: 30_000, interval: 50 });
    expect(run.giveUps[0]).toEqual({ service: 'exit2.js', exitCode: 2, reason: 'config_error' });
    expect(run.starts()).toBe(1);
    expect(run.delays).toEqual([]);
    expect(run.logs.text()).toContain('refused its configuration');
  }, 60_000);

  it('does not restart a service it was asked to stop', async () => {
    const run = start('stayUp.js');
    const child = run.supervisor.current;
    await run.supervisor.stop();
    expect(await child.exited).toBeNull();
    expect(child.process.signalCode).toBe('SIGTERM');
    // The injected sleep resolves at once: a (wrong) restart would have happened within these turns.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(run.starts()).toBe(1);
    expect(run.supervisor.restarts).toBe(0);
    expect(run.giveUps).toEqual([]);
  }, 60_000);
});
