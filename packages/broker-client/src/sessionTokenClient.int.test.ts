import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { captureLogs } from '@nc-mcp/logger';
import {
  type ExchangeTokenRequest,
  type ExchangeTokenResponse,
  HealthCheckResponse_ServingStatus,
  HealthService,
  SessionTokenServiceService,
} from '@nc-mcp/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerCallError } from './brokerCallError.js';
import { createBrokerHealthClient } from './brokerHealthClient.js';
import { checkBrokerHealth } from './checkBrokerHealth.js';
import { createSessionTokenClient, type SessionTokenClient } from './sessionTokenClient.js';

const KEY = 'caller-key-0123456789';
const SUBJECT = 'subject.token.value';
type Behaviour = 'ok' | 'hang' | { code: status; details: string };

/** A stand-in broker: records what it received, answers as told. */
async function startStub(port = 0) {
  const received: { request: ExchangeTokenRequest; metadata: Metadata }[] = [];
  let behaviour: Behaviour = 'ok';
  const server = new Server();
  server.addService(SessionTokenServiceService, {
    exchangeToken(
      call: ServerUnaryCall<ExchangeTokenRequest, ExchangeTokenResponse>,
      callback: sendUnaryData<ExchangeTokenResponse>,
    ) {
      received.push({ request: call.request, metadata: call.metadata });
      if (behaviour === 'hang') return;
      if (behaviour === 'ok') {
        callback(null, {
          accessToken: 'issued',
          tokenType: 'Bearer',
          expiresAt: 1_900_000_000,
          scopes: call.request.scopes,
        });
      } else callback(behaviour);
    },
  });
  server.addService(HealthService, {
    check: (_call: unknown, callback: sendUnaryData<{ status: number }>) =>
      callback(null, { status: HealthCheckResponse_ServingStatus.SERVING }),
    watch: () => undefined,
  });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  return {
    port: bound,
    address: `127.0.0.1:${bound}`,
    received,
    behave: (next: Behaviour) => {
      behaviour = next;
    },
    stop: () => server.forceShutdown(),
  };
}

describe('createSessionTokenClient', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const clientFor = async (
    overrides: { deadlineMs?: number; logger?: ReturnType<typeof captureLogs>['logger'] } = {},
  ) => {
    const stub = await startStub();
    const client = createSessionTokenClient({
      address: stub.address,
      caller: 'mcp-server',
      callerKey: KEY,
      ...overrides,
    });
    cleanups.push(
      () => client.close(),
      () => stub.stop(),
    );
    return { stub, client };
  };
  const exchange = (client: SessionTokenClient) =>
    client.exchangeToken({
      subjectToken: SUBJECT,
      audience: 'nextcloud',
      scopes: ['notes.read'],
      requestId: 'r-1',
    });

  it('sends the request with the caller name and key as metadata', async () => {
    const { stub, client } = await clientFor();
    await expect(exchange(client)).resolves.toEqual({
      accessToken: 'issued',
      tokenType: 'Bearer',
      expiresAt: 1_900_000_000,
      scopes: ['notes.read'],
    });
    const [call] = stub.received;
    expect(call?.request).toEqual({
      subjectToken: SUBJECT,
      audience: 'nextcloud',
      scopes: ['notes.read'],
      requestId: 'r-1',
    });
    expect(call?.metadata.get('x-broker-caller')).toEqual(['mcp-server']);
    expect(call?.metadata.get('x-broker-key')).toEqual([KEY]);
  });

  it('serves concurrent calls over one channel', async () => {
    const { stub, client } = await clientFor();
    const results = await Promise.all(Array.from({ length: 20 }, () => exchange(client)));
    expect(results.every((result) => result.accessToken === 'issued')).toBe(true);
    expect(stub.received).toHaveLength(20);
  });

  it('spreads calls over every address of a scaled broker (round robin)', async () => {
    const first = await startStub();
    const second = await startStub();
    const client = createSessionTokenClient({
      address: `ipv4:127.0.0.1:${first.port},127.0.0.1:${second.port}`,
      caller: 'mcp-server',
      callerKey: KEY,
    });
    cleanups.push(
      () => client.close(),
      () => first.stop(),
      () => second.stop(),
    );
    for (let i = 0; i < 10; i++) await exchange(client);
    expect(first.received.length).toBeGreaterThan(0);
    expect(second.received.length).toBeGreaterThan(0);
    expect(first.received.length + second.received.length).toBe(10);
  });

  it.each([
    [status.UNAUTHENTICATED, 'unauthenticated', false],
    [status.PERMISSION_DENIED, 'permission_denied', false],
    [status.INVALID_ARGUMENT, 'invalid_argument', false],
    [status.UNIMPLEMENTED, 'unimplemented', false],
    [status.UNAVAILABLE, 'unavailable', true],
    [status.INTERNAL, 'internal', false],
    [status.NOT_FOUND, 'internal', false],
  ] as const)('maps gRPC status %i to a generic BrokerCallError %s', async (code, expected, retryable) => {
    const { stub, client } = await clientFor();
    stub.behave({ code, details: 'server detail with https://idp.example/x' });
    const error = await exchange(client).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(BrokerCallError);
    expect(error).toMatchObject({ code: expected, retryable, grpcCode: code });
    expect((error as Error).message).not.toContain('idp.example');
  });

  it('gives up at the deadline as unavailable', async () => {
    const { stub, client } = await clientFor({ deadlineMs: 200 });
    stub.behave('hang');
    await expect(exchange(client)).rejects.toMatchObject({
      code: 'unavailable',
      grpcCode: status.DEADLINE_EXCEEDED,
    });
  });

  it('fails as unavailable while the broker is down, and recovers once it is back on the same port', async () => {
    const logs = captureLogs('broker-client-test');
    const { stub, client } = await clientFor({ logger: logs.logger });
    await exchange(client);
    stub.stop();
    await expect(exchange(client)).rejects.toMatchObject({ code: 'unavailable', retryable: true });

    const again = await startStub(stub.port);
    cleanups.push(() => again.stop());
    let recovered: unknown;
    // Polls: the channel reconnects on its own short backoff; no timing is asserted.
    for (let attempt = 0; attempt < 60 && recovered === undefined; attempt += 1) {
      recovered = await exchange(client).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        return undefined;
      });
    }
    expect(recovered).toMatchObject({ accessToken: 'issued' });
    expect(logs.text()).toContain('broker call failed');
    expect(logs.text()).not.toContain(KEY);
    expect(logs.text()).not.toContain(SUBJECT);
  }, 20_000);

  it('refuses to start without a caller key or TLS', () => {
    expect(() => createSessionTokenClient({ address: '127.0.0.1:1', caller: 'mcp-server' })).toThrow(
      /callerKey/,
    );
  });
});

describe('checkBrokerHealth', () => {
  it('reports SERVING without a caller key, and throws unavailable when nothing listens', async () => {
    const stub = await startStub();
    try {
      await expect(checkBrokerHealth({ address: stub.address })).resolves.toBe('SERVING');
    } finally {
      stub.stop();
    }
    await expect(checkBrokerHealth({ address: stub.address })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('answers repeated checks on one health client until it is closed', async () => {
    const stub = await startStub();
    const health = createBrokerHealthClient({ address: stub.address });
    try {
      for (let i = 0; i < 3; i++) await expect(health.check()).resolves.toBe('SERVING');
      health.close();
      await expect(health.check()).rejects.toBeInstanceOf(BrokerCallError);
    } finally {
      health.close();
      stub.stop();
    }
  });
});
