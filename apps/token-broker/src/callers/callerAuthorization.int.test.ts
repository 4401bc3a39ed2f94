import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { checkBrokerHealth } from '@nc-mcp/broker-client';
import { createBackgroundTokenClient } from '@nc-mcp/broker-client/background';
import { createSessionTokenClient } from '@nc-mcp/broker-client/session';
import { captureLogs } from '@nc-mcp/logger';
import {
  HealthCheckResponse_ServingStatus,
  HealthClient,
  ProvisioningServiceClient,
  SessionTokenServiceClient,
} from '@nc-mcp/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import {
  expectBrokerCallError,
  MCP_SERVER_KEY,
  startTestBroker,
  WORKER_KEY,
} from '../testing/brokerHarness.js';

// Authorization is decided before any IdP call, so no IdP needs to run at this (unused) issuer.
const NO_IDP = 'http://127.0.0.1:9';
const request = { subjectToken: 'a.b.c', audience: 'nextcloud', scopes: ['notes.read'] };

describe('caller authentication and authorization', () => {
  const logs = captureLogs('token-broker-test');
  let broker: RunningBroker;
  const closers: (() => void)[] = [];

  const rawExchange = (metadata: Metadata) => {
    const client = new SessionTokenServiceClient(broker.address, credentials.createInsecure());
    closers.push(() => client.close());
    return new Promise<ServiceError | null>((resolve) => {
      client.exchangeToken({ ...request, requestId: '' }, metadata, (error) => resolve(error));
    });
  };
  const metadata = (entries: Record<string, string>) => {
    const result = new Metadata();
    for (const [key, value] of Object.entries(entries)) result.set(key, value);
    return result;
  };

  beforeAll(async () => {
    broker = await startTestBroker(NO_IDP, { logger: logs.logger });
  });
  afterAll(async () => {
    for (const close of closers) close();
    await broker?.close();
  });

  it('refuses the worker identity on the session service', async () => {
    const worker = createSessionTokenClient({
      address: broker.address,
      caller: 'background-worker',
      callerKey: WORKER_KEY,
    });
    closers.push(() => worker.close());
    await expectBrokerCallError(worker.exchangeToken(request), 'permission_denied');
  });

  it('refuses the mcp-server identity on the background service', async () => {
    const mcp = createBackgroundTokenClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
    closers.push(() => mcp.close());
    await expectBrokerCallError(
      mcp.getBackgroundToken({ userId: 'alice', scopes: ['notes.read'] }),
      'permission_denied',
    );
  });

  it('lets the worker reach GetBackgroundToken (which reports the vault it cannot open here)', async () => {
    const worker = createBackgroundTokenClient({
      address: broker.address,
      caller: 'background-worker',
      callerKey: WORKER_KEY,
    });
    closers.push(() => worker.close());
    const error = await expectBrokerCallError(
      worker.getBackgroundToken({ userId: 'alice', scopes: ['notes.read'] }),
      'failed_precondition',
    );
    expect(error.reason).toBe('vault_misconfigured');
  });

  const provisioningStatus = (caller: 'mcp-server' | 'background-worker', key: string) => {
    const client = new ProvisioningServiceClient(broker.address, credentials.createInsecure());
    closers.push(() => client.close());
    const entries = metadata({ 'x-broker-caller': caller, 'x-broker-key': key });
    return new Promise<ServiceError | null>((resolve) =>
      client.status({ subjectToken: 'a.b.c', requestId: '' }, entries, (failure) => resolve(failure)),
    );
  };

  it('lets the mcp-server reach the provisioning service (which then judges the subject token)', async () => {
    const error = await provisioningStatus('mcp-server', MCP_SERVER_KEY);
    expect(error?.code).not.toBe(status.PERMISSION_DENIED);
    expect(error?.details).not.toBe('caller not authenticated');
    expect(error?.metadata.get('x-broker-reason')).not.toEqual(['caller_not_allowed']);
  });

  it('refuses the worker identity on the provisioning service', async () => {
    const error = await provisioningStatus('background-worker', WORKER_KEY);
    expect(error?.code).toBe(status.PERMISSION_DENIED);
    expect(error?.metadata.get('x-broker-reason')).toEqual(['caller_not_allowed']);
  });

  it.each([
    ['no caller metadata', {}],
    ['a caller name without a key', { 'x-broker-caller': 'mcp-server' }],
    ['an unknown caller', { 'x-broker-caller': 'nextcloud', 'x-broker-key': MCP_SERVER_KEY }],
    ['a wrong key', { 'x-broker-caller': 'mcp-server', 'x-broker-key': 'wrong-key-but-long-enough' }],
    ['the other caller’s key', { 'x-broker-caller': 'mcp-server', 'x-broker-key': WORKER_KEY }],
  ])('answers unauthenticated for %s', async (_name, entries) => {
    const error = await rawExchange(metadata(entries));
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error?.details).toBe('caller not authenticated');
  });

  it('answers unauthenticated to the broker client with a wrong key', async () => {
    const client = createSessionTokenClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: 'x'.repeat(20),
    });
    closers.push(() => client.close());
    await expectBrokerCallError(client.exchangeToken(request), 'unauthenticated');
  });

  it('logs every refusal with caller, service, method and reason, never a key', () => {
    const refusals = logs.records().filter((record) => record.msg === 'call refused');
    expect(refusals.length).toBeGreaterThanOrEqual(7);
    expect(refusals).toContainEqual(
      expect.objectContaining({
        caller: 'background-worker',
        service: 'ncmcp.broker.v1.SessionTokenService',
        rpc: 'ExchangeToken',
        errorCode: 'caller_not_allowed',
      }),
    );
    expect(refusals).toContainEqual(
      expect.objectContaining({ reason: 'wrong caller key', caller: 'mcp-server' }),
    );
    for (const secret of [MCP_SERVER_KEY, WORKER_KEY, 'wrong-key-but-long-enough']) {
      expect(logs.text()).not.toContain(secret);
    }
  });

  it('answers health checks without caller credentials', async () => {
    await expect(checkBrokerHealth({ address: broker.address })).resolves.toBe('SERVING');
    await expect(
      checkBrokerHealth({ address: broker.address, service: 'ncmcp.broker.v1.SessionTokenService' }),
    ).resolves.toBe('SERVING');
    await expect(checkBrokerHealth({ address: broker.address, service: 'no.such.Service' })).resolves.toBe(
      'UNKNOWN',
    );
  });

  it('sends the current status on a health watch stream', async () => {
    const client = new HealthClient(broker.address, credentials.createInsecure());
    closers.push(() => client.close());
    const stream = client.watch({ service: 'ncmcp.broker.v1.BackgroundTokenService' });
    const first = await new Promise((resolve, reject) => {
      stream.once('data', resolve);
      stream.once('error', reject);
    });
    stream.on('error', () => undefined);
    stream.cancel();
    expect(first).toEqual({ status: HealthCheckResponse_ServingStatus.SERVING });
  });
});
