import { authorizeWithForms } from '@nc-mcp/dev-idp';
import type { McpTestClient } from './mcpTestClient.js';
import type { Stack } from './stack.js';
import { call, type Structured, structured } from './toolResults.js';

/**
 * Grants background access for the client's user the way a person would: the consent tool's link,
 * the dev IdP's forms, then the MCP server's callback page. Pass-through mode (the tool) only.
 */
export async function grantBackgroundAccess(client: McpTestClient, username: string): Promise<void> {
  const asked = structured(await call(client, 'provision_nextcloud_access', { renew: true }));
  const url = String((asked.actionRequired as Structured | undefined)?.url ?? '');
  const callback = await authorizeWithForms(url, { username, password: username });
  const page = await fetch(callback, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the consent callback answered ${page.status}`);
  await page.body?.cancel();
}

/** The same through the browser page (any mode): `/provision`, the forms, the callback with the cookie. */
export async function grantAtProvisionPage(stack: Stack, username: string): Promise<void> {
  const start = await fetch(new URL('/provision', stack.mcpUrl), { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const callback = await authorizeWithForms(start.headers.get('location') ?? '', {
    username,
    password: username,
  });
  const page = await fetch(callback, { redirect: 'manual', headers: { cookie } });
  if (page.status !== 200) throw new Error(`the consent callback answered ${page.status}`);
  await page.body?.cancel();
}
