import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithLogin } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { ALL_NOTES_TOOLS } from './support/notesTools.js';
import { type Stack, startStack } from './support/stack.js';
import { errorText, structured } from './support/toolResults.js';

const MODES = ['pass-through', 'exchange'] as const;
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];

/** Logs alice in with each kind of client, runs `body`, and closes the clients. */
function withClients(stack: () => Stack, body: (kind: ClientKind, alice: () => McpTestClient) => void) {
  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    beforeAll(async () => {
      alice = (await connectWithLogin(kind, stack().mcpUrl, 'alice', 'alice')).client;
    }, 30_000);
    afterAll(async () => {
      await alice?.close();
    });
    body(kind, () => alice);
  });
}

describe.each(MODES)('%s mode: which tools are offered', (mode) => {
  describe('a Nextcloud without the notes app', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ mode, nextcloudApps: { notes: false } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
    });

    withClients(
      () => stack,
      (_kind, alice) => {
        it('lists no notes tool', async () => {
          const { tools } = await alice().listTools();
          expect(tools.map((tool) => tool.name).filter((name) => name.startsWith('nc_notes_'))).toEqual([]);
          // The consent tools need no Nextcloud app.
          if (mode === 'pass-through') {
            expect(tools.map((tool) => tool.name)).toContain('provision_nextcloud_access');
          }
        });

        it('answers a call of a notes tool like an unknown tool (-32602)', async () => {
          await expect(alice().callTool({ name: 'nc_notes_list', arguments: {} })).rejects.toMatchObject({
            code: -32602,
          });
        });
      },
    );
  });

  describe('MCP_DISABLED_TOOLS=nc_notes_delete', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ mode, mcpEnv: { MCP_DISABLED_TOOLS: 'nc_notes_delete' } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
    });

    withClients(
      () => stack,
      (kind, alice) => {
        it('lists every notes tool but the disabled one', async () => {
          const { tools } = await alice().listTools();
          expect(
            tools
              .map((tool) => tool.name)
              .filter((name) => name.startsWith('nc_notes_'))
              .sort(),
          ).toEqual(ALL_NOTES_TOOLS.filter((name) => name !== 'nc_notes_delete'));
        });

        it('answers a call of the disabled tool like an unknown tool (-32602), and the note stays', async () => {
          const created = structured(
            await alice().callTool({
              name: 'nc_notes_create',
              arguments: { title: `Keep ${kind}`, content: 'x', category: `Disabled-${kind}` },
            }),
          );
          await expect(
            alice().callTool({ name: 'nc_notes_delete', arguments: { id: created.id } }),
          ).rejects.toMatchObject({ code: -32602 });
          const got = await alice().callTool({ name: 'nc_notes_get', arguments: { id: created.id } });
          expect(got.isError, got.isError ? errorText(got) : '').toBeFalsy();
          expect(structured(got)).toMatchObject({ id: created.id, title: `Keep ${kind}` });
        });
      },
    );
  });
});
