import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { authorizeWithForms } from '@nc-mcp/dev-idp';
import { createSilentLogger } from '@nc-mcp/logger';
import { createLazyVault } from '@nc-mcp/token-broker';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured, structured } from './support/toolResults.js';
import { mcpToken } from './support/userFiles.js';

// Progressive consent (Flow 2) end to end: the MCP tools in pass-through mode, the browser page in
// exchange mode, the callback page, the real dev IdP's forms and the broker's real vault.

const TIMEOUT = 60_000;
const CONSENT_TOOLS = ['check_provisioning_status', 'provision_nextcloud_access', 'revoke_nextcloud_access'];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];

/** GET with a cookie header, without following redirects. */
async function visit(url: string, cookie?: string) {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { response, html: await response.text() };
}

/** The refresh token the broker stored for `sub`, read straight from its vault. */
async function storedRefreshToken(stack: Stack, sub: string): Promise<string | undefined> {
  const vault = createLazyVault({
    dataDir: stack.vaultEnv.BROKER_DATA_DIR ?? '',
    encryptionKeys: stack.vaultEnv.TOKEN_ENCRYPTION_KEYS,
    logger: createSilentLogger(),
  });
  try {
    return (await (await vault.get()).findGrant({ issuer: stack.idp.issuer, subject: sub }))?.refreshToken;
  } finally {
    await vault.close();
  }
}

/** Refreshes at the IdP as the broker's client would. */
async function refreshAtIdp(stack: Stack, refreshToken: string): Promise<string | undefined> {
  const { brokerClientId, brokerClientSecret } = stack.credentials;
  const response = await fetch(`${stack.idp.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${brokerClientId}:${brokerClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  const body = (await response.json()) as { error?: string };
  return response.ok ? 'ok' : body.error;
}

function expectSafePage(response: Response, html: string) {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('location')).toBeNull();
  expect(html).not.toMatch(/code=|eyJ[A-Za-z0-9_-]{10,}/);
}

describe('progressive consent through the MCP tools (pass-through mode)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ mode: 'pass-through' });
  }, TIMEOUT);
  afterAll(async () => {
    await stack?.close();
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    const user = kind === 'v1-legacy' ? 'alice' : 'bob';
    let client: McpTestClient;
    let token: string;

    beforeAll(async () => {
      token = await mcpToken(stack, user, ['notes.read']);
      client = await connectWithToken(kind, stack.mcpUrl, token);
    }, TIMEOUT);
    afterAll(async () => {
      await client?.close();
    });

    it(
      'lists the consent tools to any signed-in user',
      async () => {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        expect(names).toEqual(expect.arrayContaining(CONSENT_TOOLS));
      },
      TIMEOUT,
    );

    it(
      'provisions through the consent page, reports it, and revokes it so the IdP refuses the refresh token',
      async () => {
        await expect(call(client, 'check_provisioning_status', {}).then(structured)).resolves.toEqual({
          provisioned: false,
        });

        const asked = structured(await call(client, 'provision_nextcloud_access', {}));
        const action = asked.actionRequired as Structured;
        const consentUrl = new URL(String(action.url));
        expect(consentUrl.origin).toBe(stack.idp.issuer);
        expect(consentUrl.searchParams.get('scope')).toContain('offline_access');

        const callback = await authorizeWithForms(consentUrl, { username: user, password: user });
        expect(callback.origin).toBe(new URL(stack.mcpUrl).origin);
        const { response, html } = await visit(callback.href);
        expect(response.status).toBe(200);
        expect(html).toContain('Background access granted');
        expectSafePage(response, html);

        const status = structured(await call(client, 'check_provisioning_status', {}));
        expect(status).toMatchObject({
          provisioned: true,
          scopes: ['notes.read', 'files.read', 'calendar.read', 'contacts.read'],
        });
        expect(Date.parse(String(status.grantedAt))).toBeGreaterThan(Date.now() - 60_000);
        const again = structured(await call(client, 'provision_nextcloud_access', {}));
        expect(again.status).toBe('already_granted');

        const sub = String(decodeJwt(token).sub);
        const refreshToken = await storedRefreshToken(stack, sub);
        expect(refreshToken).toEqual(expect.any(String));

        const revoked = structured(await call(client, 'revoke_nextcloud_access', {}));
        expect(revoked).toMatchObject({ revoked: true, idpConfirmed: true });
        await expect(call(client, 'check_provisioning_status', {}).then(structured)).resolves.toEqual({
          provisioned: false,
        });
        await expect(refreshAtIdp(stack, refreshToken ?? '')).resolves.toBe('invalid_grant');
        expect(structured(await call(client, 'revoke_nextcloud_access', {}))).toMatchObject({
          revoked: false,
        });

        // The callback link is single use.
        const replay = await visit(callback.href);
        expect(replay.response.status).toBe(400);
        expect(replay.html).toContain('expired or was already used');
      },
      TIMEOUT,
    );
  });

  it(
    'asks a 2026-07-28 client that declared URL elicitation through input_required, then reports the grant',
    async () => {
      const token = await mcpToken(stack, 'alice', ['notes.read']);
      const modern = (params: Record<string, unknown>) =>
        fetch(stack.mcpUrl, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'tools/call',
            'mcp-name': 'provision_nextcloud_access',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: {
              name: 'provision_nextcloud_access',
              arguments: { renew: true },
              _meta: {
                'io.modelcontextprotocol/protocolVersion': '2026-07-28',
                'io.modelcontextprotocol/clientInfo': { name: 'elicitation-test', version: '1.0.0' },
                'io.modelcontextprotocol/clientCapabilities': { elicitation: { url: {} } },
              },
              ...params,
            },
          }),
        }).then(async (response) => ((await response.json()) as { result: Structured }).result);

      const first = await modern({});
      expect(first.resultType).toBe('input_required');
      const request = (first.inputRequests as Record<string, Structured>)['background-consent'];
      const params = request?.params as Structured;
      expect(params.mode).toBe('url');
      const callback = await authorizeWithForms(String(params.url), { username: 'alice', password: 'alice' });
      expect((await visit(callback.href)).response.status).toBe(200);

      const retried = await modern({ inputResponses: { 'background-consent': { action: 'accept' } } });
      expect(retried.structuredContent).toMatchObject({
        status: 'granted',
        scopes: ['notes.read', 'files.read', 'calendar.read', 'contacts.read'],
      });
      const declined = await modern({ inputResponses: { 'background-consent': { action: 'decline' } } });
      expect(declined.structuredContent).toMatchObject({ status: 'declined' });
    },
    TIMEOUT,
  );

  it(
    'says so on the callback page when the user declines, and on a bare visit',
    async () => {
      const token = await mcpToken(stack, 'alice', ['notes.read']);
      const client = await connectWithToken('v2-modern', stack.mcpUrl, token);
      try {
        const asked = structured(await call(client, 'provision_nextcloud_access', { renew: true }));
        const state = new URL(String((asked.actionRequired as Structured).url)).searchParams.get('state');
        const declined = await visit(
          `${new URL(stack.mcpUrl).origin}/oauth/provision/callback?error=access_denied&state=${state}`,
        );
        expect(declined.html).toContain('You declined');
        const bare = await visit(`${new URL(stack.mcpUrl).origin}/oauth/provision/callback`);
        expect(bare.response.status).toBe(400);
        expectSafePage(bare.response, bare.html);
      } finally {
        await client.close();
      }
    },
    TIMEOUT,
  );
});

describe('progressive consent at the browser page (exchange mode)', () => {
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    stack = await startStack({ mode: 'exchange' });
    origin = new URL(stack.mcpUrl).origin;
  }, TIMEOUT);
  afterAll(async () => {
    await stack?.close();
  });

  it(
    'offers none of the consent tools',
    async () => {
      const token = await mcpToken(stack, 'alice', ['notes.read']);
      const client = await connectWithToken('v2-modern', stack.mcpUrl, token);
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        for (const name of CONSENT_TOOLS) expect(names).not.toContain(name);
        await expect(call(client, 'provision_nextcloud_access', {})).rejects.toThrow(/not found/i);
      } finally {
        await client.close();
      }
    },
    TIMEOUT,
  );

  it(
    'grants background access to the browser that started it, with a cookie jar',
    async () => {
      const start = await visit(`${origin}/provision`);
      expect(start.response.status).toBe(303);
      const setCookie = start.response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^nc_mcp_provision=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
      const cookie = setCookie.split(';')[0] ?? '';
      const consentUrl = start.response.headers.get('location') ?? '';
      expect(new URL(consentUrl).origin).toBe(stack.idp.issuer);

      const callback = await authorizeWithForms(consentUrl, { username: 'bob', password: 'bob' });
      // Another browser (no cookie) cannot finish it …
      const stolen = await visit(callback.href);
      expect(stolen.response.status).toBe(403);
      expectSafePage(stolen.response, stolen.html);

      // … and the flow is used up by that attempt, so the owner starts again.
      const retry = await visit(`${origin}/provision`);
      const retryCookie = (retry.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const retryCallback = await authorizeWithForms(retry.response.headers.get('location') ?? '', {
        username: 'bob',
        password: 'bob',
      });
      const done = await visit(retryCallback.href, retryCookie);
      expect(done.response.status).toBe(200);
      expect(done.html).toContain('Background access granted');
      expect(done.response.headers.get('set-cookie')).toMatch(/^nc_mcp_provision=; .*Max-Age=0/);
      expectSafePage(done.response, done.html);
      expect(cookie).not.toBe(retryCookie);

      const bobToken = await mcpToken(stack, 'bob', ['notes.read']);
      await expect(storedRefreshToken(stack, String(decodeJwt(bobToken).sub))).resolves.toEqual(
        expect.any(String),
      );
    },
    TIMEOUT,
  );
});

describe('the vault stays closed while nobody asks for background access', () => {
  let probe: Server;
  let connections = 0;

  beforeAll(async () => {
    // A stand-in PostgreSQL port that only counts who connects.
    probe = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it.each(['pass-through', 'exchange'] as const)(
    'creates no vault and opens no database connection in %s mode',
    async (mode) => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const sqlite = await startStack({ mode });
      const postgres = await startStack({
        mode,
        brokerEnv: { DATABASE_URL: `postgres://vault@127.0.0.1:${port}/vault` },
      });
      try {
        for (const stack of [sqlite, postgres]) {
          const token = await mcpToken(stack, 'alice', ['notes.read', 'notes.write', 'files.read']);
          const client = await connectWithToken('v2-modern', stack.mcpUrl, token);
          try {
            structured(await call(client, 'nc_notes_create', { title: 'Lazy vault', content: 'x' }));
            structured(await call(client, 'nc_notes_list', {}));
            structured(await call(client, 'nc_files_list', {}));
          } finally {
            await client.close();
          }
        }
        expect(existsSync(sqlite.vaultEnv.BROKER_DATA_DIR ?? '')).toBe(false);
        expect(connections).toBe(0);
      } finally {
        await sqlite.close();
        await postgres.close();
      }
    },
    TIMEOUT,
  );
});
