import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import { type Stack, startStack } from './support/stack.js';
import { mcpToken } from './support/userFiles.js';

const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
const ALL = ['calendar.read', 'calendar.write'];
const CALENDAR_OR_TASK_TOOL =
  /^nc_(calendars_list|events_list|event_[a-z]+|freebusy|calendar_search|tasklists_list|tasks_list|task_[a-z]+)$/;

describe.each(['pass-through', 'exchange'] as const)('%s mode: MCP_TOOLSETS without calendar', (mode) => {
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    stack = await startStack({ mode, mcpEnv: { MCP_TOOLSETS: 'notes,files' } });
    token = await mcpToken(stack, 'alice', [...ALL, 'files.read']);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it.each(KINDS)(
    'hides the calendar and task tools from the %s client',
    async (kind) => {
      const client = await connectWithToken(kind, stack.mcpUrl, token);
      try {
        const { tools } = await client.listTools();
        const names = tools.map((tool) => tool.name);
        expect(names.filter((name) => CALENDAR_OR_TASK_TOOL.test(name))).toEqual([]);
        expect(names).toContain('nc_files_list');
        await expect(client.callTool({ name: 'nc_events_list', arguments: {} })).rejects.toMatchObject({
          code: -32602,
        });
      } finally {
        await client.close();
      }
    },
    30_000,
  );
});
