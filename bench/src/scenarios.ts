import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createSessionTokenClient } from '@nc-mcp/broker-client/session';
import { obtainTokens } from '@nc-mcp/dev-idp';
import { type InProcessStack, startInProcessStack } from '@nc-mcp/dev-stack';
import type { Logger } from '@nc-mcp/logger';
import type { BenchClient, ConnectClient } from './benchClient.js';
import { type Measurement, measure } from './measure.js';

/** Sizes of one benchmark run; bounded by counts, never by wall time. */
export interface BenchSizes {
  toolCalls: number;
  exchanges: number;
  concurrency: number;
}

/**
 * What one scenario process reports: its measurements (and figures that are not latencies, such as
 * items per second or counts), or why it did not run.
 */
export type ScenarioOutcome = { rows: Measurement[]; figures?: Record<string, number> } | { skipped: string };

const SCOPES = ['notes.read', 'notes.write'];

/** A Flow 1 token for alice with the notes scopes, bound to the stack's MCP URL. */
export async function aliceToken(stack: InProcessStack): Promise<string> {
  const tokens = await obtainTokens(stack.idp, {
    username: 'alice',
    password: 'alice',
    scopes: SCOPES,
    resource: stack.mcpUrl,
  });
  return tokens.access_token;
}

/** The v1 SDK client, which speaks the 2025-11-25 era. */
export async function legacyClient(mcpUrl: string, token: string): Promise<BenchClient> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return {
    // v1 types callTool as a union with the pre-2024 `toolResult` shape, which servers no longer send.
    callTool: async (params) =>
      (await client.callTool(params)) as { isError?: boolean; structuredContent?: unknown },
    close: () => client.close(),
  };
}

/**
 * Tool-call latency (sequential) and throughput (concurrent) of `nc_notes_get` in one token mode,
 * with the v1 client (2025-11-25) unless `connect` names another.
 */
export async function toolCallScenario(
  label: string,
  options: {
    mode: 'pass-through' | 'exchange';
    cacheTtlSeconds?: number;
    connect?: ConnectClient;
    logger: Logger;
    sizes: BenchSizes;
  },
): Promise<Measurement[]> {
  const stack = await startInProcessStack({
    mode: options.mode,
    exchangeCacheTtlSeconds: options.cacheTtlSeconds,
    logger: options.logger,
    brokerAsProcess: 'bundle',
  });
  try {
    const client = await (options.connect ?? legacyClient)(stack.mcpUrl, await aliceToken(stack));
    const created = await client.callTool({
      name: 'nc_notes_create',
      arguments: { title: 'Bench', content: 'x' },
    });
    const id = (created.structuredContent as { id: number }).id;
    const get = async () => {
      const result = await client.callTool({ name: 'nc_notes_get', arguments: { id } });
      if (result.isError) throw new Error('tool call failed');
    };
    const sequential = await measure(`tool call, ${label}`, get, {
      count: options.sizes.toolCalls,
      concurrency: 1,
    });
    const concurrent = await measure(`tool call, ${label}`, get, {
      count: options.sizes.toolCalls,
      concurrency: options.sizes.concurrency,
    });
    await client.close();
    return [sequential, concurrent];
  } finally {
    await stack.close();
  }
}

/** RFC 8693 exchanges per second: through the broker (cache off) versus straight at the dev IdP. */
export async function exchangeScenario(options: {
  logger: Logger;
  sizes: BenchSizes;
}): Promise<Measurement[]> {
  const stack = await startInProcessStack({
    mode: 'exchange',
    exchangeCacheTtlSeconds: 0,
    logger: options.logger,
    brokerAsProcess: 'bundle',
  });
  try {
    const subjectToken = await aliceToken(stack);
    const { brokerClientId, brokerClientSecret, callerKey } = stack.credentials;
    const metadata = (await (await fetch(`${stack.idp.issuer}/.well-known/openid-configuration`)).json()) as {
      token_endpoint: string;
    };
    const direct = async () => {
      const response = await fetch(metadata.token_endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${brokerClientId}:${brokerClientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: subjectToken,
          subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          audience: 'nextcloud',
          scope: 'notes.read',
        }),
      });
      if (!response.ok) throw new Error(`IdP answered ${response.status}`);
      await response.json();
    };
    const broker = createSessionTokenClient({
      address: stack.broker?.address ?? '',
      caller: 'mcp-server',
      callerKey,
    });
    const viaBroker = () =>
      broker.exchangeToken({ subjectToken, audience: 'nextcloud', scopes: ['notes.read'] });
    const sizes = { count: options.sizes.exchanges, concurrency: options.sizes.concurrency };
    const results = [
      await measure('exchange, direct to IdP', direct, { count: options.sizes.exchanges, concurrency: 1 }),
      await measure('exchange, via broker', viaBroker, { count: options.sizes.exchanges, concurrency: 1 }),
      await measure('exchange, direct to IdP', direct, sizes),
      await measure('exchange, via broker', viaBroker, sizes),
    ];
    broker.close();
    return results;
  } finally {
    await stack.close();
  }
}
