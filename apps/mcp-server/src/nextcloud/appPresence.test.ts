import { captureLogs } from '@nc-mcp/logger';
import { type Capabilities, NextcloudError } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES_TTL_MS, createAppPresence } from './appPresence.js';

const BASE = 'https://cloud.example.test';
const capabilitiesWith = (...apps: string[]): Capabilities => ({
  version: { major: 34, minor: 0, micro: 1, string: '34.0.1', edition: '' },
  capabilities: Object.fromEntries(apps.map((app) => [app, {}])),
});

function setUp() {
  const logs = captureLogs('app-presence-test');
  let clock = 1_000;
  const presence = createAppPresence({ logger: logs.logger, now: () => clock });
  return { logs, presence, advance: (ms: number) => (clock += ms) };
}

describe('createAppPresence', () => {
  it('reads the apps from the capabilities and reuses them within the TTL', async () => {
    const { presence, advance } = setUp();
    let reads = 0;
    const read = async () => {
      reads += 1;
      return capabilitiesWith('core', 'notes');
    };
    expect(await presence.presentApps(BASE, read)).toEqual(new Set(['core', 'notes']));
    advance(CAPABILITIES_TTL_MS - 1);
    await presence.presentApps(BASE, read);
    expect(reads).toBe(1);
    advance(1);
    await presence.presentApps(BASE, read);
    expect(reads).toBe(2);
  });

  it('keeps one cache entry per Nextcloud base URL', async () => {
    const { presence } = setUp();
    await presence.presentApps(BASE, async () => capabilitiesWith('notes'));
    const other = await presence.presentApps('https://other.example.test', async () =>
      capabilitiesWith('core'),
    );
    expect(other).toEqual(new Set(['core']));
    expect(await presence.presentApps(BASE, async () => capabilitiesWith())).toEqual(new Set(['notes']));
  });

  it('lets concurrent callers share one read', async () => {
    const { presence } = setUp();
    let reads = 0;
    let release: (value: Capabilities) => void = () => undefined;
    const read = () => {
      reads += 1;
      return new Promise<Capabilities>((resolve) => {
        release = resolve;
      });
    };
    const answers = Promise.all([presence.presentApps(BASE, read), presence.presentApps(BASE, read)]);
    release(capabilitiesWith('notes'));
    expect(await answers).toEqual([new Set(['notes']), new Set(['notes'])]);
    expect(reads).toBe(1);
  });

  it('answers undefined for a failed read, warns by error code only, and does not cache the failure', async () => {
    const { presence, logs } = setUp();
    const failing = async (): Promise<Capabilities> => {
      throw new NextcloudError('unavailable', 'Nextcloud is unavailable', { status: 503 });
    };
    expect(await presence.presentApps(BASE, failing)).toBeUndefined();
    const warning = logs.records().find((record) => record.level === 40);
    expect(warning?.errorCode).toBe('unavailable');

    expect(await presence.presentApps(BASE, async () => capabilitiesWith('notes'))).toEqual(
      new Set(['notes']),
    );
  });
});
