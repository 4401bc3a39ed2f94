import { readFileSync } from 'node:fs';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { createSessionTokenClient } from '@nc-mcp/broker-client/session';
import type { DevIdp } from '@nc-mcp/dev-idp';
import { captureLogs } from '@nc-mcp/logger';
import { SessionTokenServiceClient } from '@nc-mcp/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../startBroker.js';
import {
  expectBrokerCallError,
  MCP_SERVER_KEY,
  startExchangeIdp,
  startTestBroker,
  userToken,
} from '../testing/brokerHarness.js';
import {
  createTestCertificates,
  OPENSSL_AVAILABLE,
  type TestCertificates,
} from '../testing/testCertificates.js';

const title = OPENSSL_AVAILABLE
  ? 'mTLS caller identity'
  : 'mTLS caller identity (SKIPPED: openssl CLI not found)';

describe.skipIf(!OPENSSL_AVAILABLE)(title, () => {
  const logs = captureLogs('token-broker-test');
  let certs: TestCertificates;
  let idp: DevIdp;
  let broker: RunningBroker;
  let subjectToken: string;
  const closers: (() => void)[] = [];

  const clientFor = (caller: 'mcp-server' | 'background-worker', commonName: string = caller) => {
    const client = createSessionTokenClient({
      address: broker.address,
      caller,
      tls: { caFile: certs.caFile, ...certs.client(commonName), serverName: 'localhost' },
    });
    closers.push(() => client.close());
    return client;
  };
  const exchange = (client: ReturnType<typeof clientFor>) =>
    client.exchangeToken({ subjectToken, audience: 'nextcloud', scopes: ['notes.read'] });

  beforeAll(async () => {
    certs = createTestCertificates(['mcp-server', 'background-worker', 'intruder']);
    idp = await startExchangeIdp();
    broker = await startTestBroker(idp.issuer, {
      logger: logs.logger,
      extra: {
        BROKER_CALLER_KEYS: '',
        BROKER_TLS_CERT_FILE: certs.server.certFile,
        BROKER_TLS_KEY_FILE: certs.server.keyFile,
        BROKER_TLS_CLIENT_CA_FILE: certs.caFile,
      },
    });
    subjectToken = await userToken(idp);
  }, 60_000);
  afterAll(async () => {
    for (const close of closers) close();
    await broker?.close();
    await idp?.close();
    certs?.remove();
  });

  it('lets the mcp-server certificate exchange a token, without any caller key', async () => {
    const issued = await exchange(clientFor('mcp-server'));
    expect(issued.scopes).toEqual(['notes.read']);
  });

  it('refuses the background-worker certificate on the session service', async () => {
    await expectBrokerCallError(exchange(clientFor('background-worker')), 'permission_denied');
  });

  it('refuses a CA-signed certificate whose name is no known caller', async () => {
    await expectBrokerCallError(exchange(clientFor('mcp-server', 'intruder')), 'unauthenticated');
  });

  it('ignores a caller name claimed in metadata: the certificate decides', async () => {
    const client = createSessionTokenClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
      tls: { caFile: certs.caFile, ...certs.client('background-worker'), serverName: 'localhost' },
    });
    closers.push(() => client.close());
    await expectBrokerCallError(exchange(client), 'permission_denied');
  });

  it('fails a connection that presents no client certificate', async () => {
    const client = new SessionTokenServiceClient(
      broker.address,
      credentials.createSsl(readFileSync(certs.caFile)),
      {
        'grpc.ssl_target_name_override': 'localhost',
      },
    );
    closers.push(() => client.close());
    const metadata = new Metadata();
    metadata.set('x-broker-caller', 'mcp-server');
    metadata.set('x-broker-key', MCP_SERVER_KEY);
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.exchangeToken(
        { subjectToken, audience: 'nextcloud', scopes: ['notes.read'], requestId: '' },
        metadata,
        {
          deadline: Date.now() + 5000,
        },
        (failure) => resolve(failure),
      ),
    );
    expect(error?.code).toBe(status.UNAVAILABLE);
  });

  it('refuses a plaintext connection', async () => {
    const client = createSessionTokenClient({
      address: broker.address,
      caller: 'mcp-server',
      callerKey: MCP_SERVER_KEY,
    });
    closers.push(() => client.close());
    await expectBrokerCallError(exchange(client), 'unavailable');
  });
});
