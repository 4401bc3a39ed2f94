import { obtainTokens } from '@nc-mcp/dev-idp';
import { createNextcloudClient, type NextcloudSession } from '@nc-mcp/nextcloud';
import { decodeJwt } from 'jose';
import { expect } from 'vitest';
import type { Stack } from './stack.js';

/** An MCP access token for `username` (password = username) with exactly `scopes`. */
export async function mcpToken(stack: Stack, username: string, scopes: readonly string[]): Promise<string> {
  return (
    await obtainTokens(stack.idp, {
      username,
      password: username,
      scopes: [...scopes],
      resource: stack.mcpUrl,
    })
  ).access_token;
}

/** A user's own access to the test double, to put files in place around the MCP server. */
export interface OwnFiles {
  session: NextcloudSession;
  /** A Nextcloud token for the same subject as the MCP token. */
  token: () => Promise<string>;
}

/** {@link OwnFiles} for the subject of `mcpAccessToken`. */
export function ownFiles(stack: Stack, mcpAccessToken: string): OwnFiles {
  const sub = String(decodeJwt(mcpAccessToken).sub);
  const token = () => stack.idp.signAccessToken({ sub, aud: 'nextcloud' });
  const session = createNextcloudClient({ baseUrl: stack.nextcloud.url }).session({
    subject: sub,
    getToken: token,
  });
  return { session, token };
}

/** PUTs raw bytes (the client's `put` writes text) at `path`, optionally with an `X-OC-Mtime`. */
export async function putBytes(
  stack: Stack,
  own: OwnFiles,
  path: string,
  body: Uint8Array,
  mtime?: number,
): Promise<void> {
  const uid = await own.session.userId();
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const headers: Record<string, string> = { Authorization: `Bearer ${await own.token()}` };
  if (mtime !== undefined) headers['X-OC-Mtime'] = String(mtime);
  const response = await fetch(
    `${stack.nextcloud.url}/remote.php/dav/files/${encodeURIComponent(uid)}/${encoded}`,
    { method: 'PUT', headers, body },
  );
  expect(response.status).toBeLessThan(300);
}

/** POSTs one JSON-RPC message to the MCP endpoint with a bearer token, as a 2025-era client would. */
export function postMcp(mcpUrl: string, token: string, message: unknown): Promise<Response> {
  return fetch(mcpUrl, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(message),
  });
}
