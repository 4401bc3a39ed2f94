import { createBrokerHealthClient } from '@nc-mcp/broker-client';
import { createSessionTokenClient } from '@nc-mcp/broker-client/session';
import { type InProcessStack, startInProcessStack } from '@nc-mcp/dev-stack';
import type { Logger } from '@nc-mcp/logger';
import type { BenchClient } from './benchClient.js';
import { HOT_PATH_ROWS } from './hotPathTargets.js';
import type { Measurement } from './measure.js';
import { aliceToken, type BenchSizes, legacyClient } from './scenarios.js';

// The token broker's hot path (exchange mode), every figure from one process and one time window:
// measurements that are compared with each other run interleaved in rounds, so load from other work
// on the machine falls on both sides of a comparison alike. See hotPathTargets.ts for what is judged.

const ROUNDS = 5;
const WARMUP = 20;
const EXCHANGE = { audience: 'nextcloud', scopes: ['notes.read'] } as const;

type Operation = () => Promise<unknown>;

/**
 * Runs each named operation `count` times with `concurrency` in flight, split into rounds that take
 * turns (a, b, c, a, b, c, …), and reports each operation's latency distribution and throughput.
 */
export async function measureInterleaved(
  operations: Readonly<Record<string, Operation>>,
  options: { count: number; concurrency: number; rounds?: number },
): Promise<Measurement[]> {
  const rounds = options.rounds ?? ROUNDS;
  const names = Object.keys(operations);
  const state = new Map(names.map((name) => [name, { latencies: [] as number[], errors: 0, elapsedMs: 0 }]));
  for (const name of names) for (let i = 0; i < WARMUP; i++) await operations[name]?.();
  for (let round = 0; round < rounds; round++) {
    const perRound = Math.ceil(options.count / rounds);
    for (const name of names) {
      const operation = operations[name];
      const s = state.get(name);
      if (!operation || !s) continue;
      let left = perRound;
      const started = performance.now();
      const worker = async () => {
        while (left > 0) {
          left--;
          const t0 = performance.now();
          try {
            await operation();
            s.latencies.push(performance.now() - t0);
          } catch {
            s.errors++;
          }
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      s.elapsedMs += performance.now() - started;
    }
  }
  return names.map((name) => summary(name, options.concurrency, state.get(name)));
}

function summary(
  name: string,
  concurrency: number,
  s: { latencies: number[]; errors: number; elapsedMs: number } | undefined,
): Measurement {
  const latencies = [...(s?.latencies ?? [])].sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    operations: latencies.length + (s?.errors ?? 0),
    concurrency,
    p50Ms: round(at(50)),
    p99Ms: round(at(99)),
    meanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    opsPerSecond: round((latencies.length / Math.max(1, s?.elapsedMs ?? 0)) * 1000),
    errors: s?.errors ?? 0,
  };
}

/** The RFC 8693 request the broker sends, sent straight at the stack's dev IdP. */
async function directExchange(stack: InProcessStack, subjectToken: string): Promise<Operation> {
  const { brokerClientId, brokerClientSecret } = stack.credentials;
  const discovery = await fetch(`${stack.idp.issuer}/.well-known/openid-configuration`);
  const { token_endpoint } = (await discovery.json()) as { token_endpoint: string };
  const authorization = `Basic ${Buffer.from(`${brokerClientId}:${brokerClientSecret}`).toString('base64')}`;
  return async () => {
    const response = await fetch(token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: subjectToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        audience: EXCHANGE.audience,
        scope: EXCHANGE.scopes.join(' '),
      }),
    });
    if (!response.ok) throw new Error(`IdP answered ${response.status}`);
    await response.json();
  };
}

async function notesGet(stack: InProcessStack): Promise<{ client: BenchClient; get: Operation }> {
  const client = await legacyClient(stack.mcpUrl, await aliceToken(stack));
  const created = await client.callTool({
    name: 'nc_notes_create',
    arguments: { title: 'Bench', content: 'x' },
  });
  const id = (created.structuredContent as { id: number }).id;
  const get = async () => {
    const result = await client.callTool({ name: 'nc_notes_get', arguments: { id } });
    if (result.isError) throw new Error('tool call failed');
  };
  return { client, get };
}

/**
 * Three stacks side by side — pass-through, exchange with the cache on, exchange with it off, each
 * broker its own process from its bundle — and the hot path measured across them: a bare gRPC round
 * trip (the one-hop reference), a cache hit at the broker and through a tool call, and an uncached
 * exchange through the broker against the same POST straight at the IdP (sequential and concurrent).
 */
export async function hotPathScenario(options: {
  logger: Logger;
  sizes: BenchSizes;
}): Promise<Measurement[]> {
  const start = (mode: 'pass-through' | 'exchange', cacheTtlSeconds: number) =>
    startInProcessStack({
      mode,
      exchangeCacheTtlSeconds: cacheTtlSeconds,
      logger: options.logger,
      brokerAsProcess: mode === 'exchange' ? 'bundle' : undefined,
    });
  const stacks: InProcessStack[] = [];
  const clients: { close(): unknown }[] = [];
  try {
    const plain = await start('pass-through', 0);
    stacks.push(plain);
    const cached = await start('exchange', 300);
    stacks.push(cached);
    const uncached = await start('exchange', 0);
    stacks.push(uncached);

    const brokerOf = (stack: InProcessStack) => {
      const client = createSessionTokenClient({
        address: stack.broker?.address ?? '',
        caller: 'mcp-server',
        callerKey: stack.credentials.callerKey,
      });
      clients.push(client);
      return client;
    };
    const health = createBrokerHealthClient({ address: cached.broker?.address ?? '' });
    clients.push(health);
    const cachedSubject = await aliceToken(cached);
    const cachedBroker = brokerOf(cached);
    const uncachedSubject = await aliceToken(uncached);
    const uncachedBroker = brokerOf(uncached);
    const passThroughCall = await notesGet(plain);
    const cachedCall = await notesGet(cached);
    clients.push(passThroughCall.client, cachedCall.client);

    const viaBroker = () => uncachedBroker.exchangeToken({ subjectToken: uncachedSubject, ...EXCHANGE });
    const direct = await directExchange(uncached, uncachedSubject);
    const sequential = { count: options.sizes.exchanges, concurrency: 1 };
    return [
      ...(await measureInterleaved(
        {
          [HOT_PATH_ROWS.hop]: () => health.check(),
          [HOT_PATH_ROWS.cacheHit]: () =>
            cachedBroker.exchangeToken({ subjectToken: cachedSubject, ...EXCHANGE }),
          [HOT_PATH_ROWS.viaBroker]: viaBroker,
          [HOT_PATH_ROWS.direct]: direct,
        },
        sequential,
      )),
      ...(await measureInterleaved(
        { [HOT_PATH_ROWS.passThrough]: passThroughCall.get, [HOT_PATH_ROWS.cachedToolCall]: cachedCall.get },
        { count: options.sizes.toolCalls, concurrency: 1 },
      )),
      ...(await measureInterleaved(
        { [HOT_PATH_ROWS.viaBroker]: viaBroker, [HOT_PATH_ROWS.direct]: direct },
        { count: options.sizes.exchanges, concurrency: options.sizes.concurrency },
      )),
    ];
  } finally {
    for (const client of clients) await client.close();
    for (const stack of stacks.reverse()) await stack.close();
  }
}
