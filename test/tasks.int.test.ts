import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, ownFiles, postMcp } from './support/userFiles.js';

const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
const TASK_TOOLS = [
  'nc_task_complete',
  'nc_task_create',
  'nc_task_delete',
  'nc_task_update',
  'nc_tasklists_list',
  'nc_tasks_list',
];
const summaries = (result: Structured) => (result.tasks as Structured[]).map((task) => task.summary);

describe.each(['pass-through', 'exchange'] as const)('the tasks tools end to end, %s mode', (mode) => {
  let stack: Stack;
  let aliceToken: string;
  let bobToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    aliceToken = await mcpToken(stack, 'alice', ['calendar.read', 'calendar.write']);
    bobToken = await mcpToken(stack, 'bob', ['calendar.read', 'calendar.write']);
    readerToken = await mcpToken(stack, 'alice', ['calendar.read']);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses nc_task_complete to a calendar.read token with 403 insufficient_scope naming calendar.write', async () => {
    const response = await postMcp(stack.mcpUrl, readerToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_task_complete', arguments: { listId: 'tasks', taskId: 'x.ics' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*\bcalendar\.write\b[^"]*"/);
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let bob: McpTestClient;
    const list = `todo-${kind}`;

    beforeAll(async () => {
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
      await ownFiles(stack, aliceToken).session.caldav.createCalendar(list, {
        displayName: `To do ${kind}`,
        components: ['VTODO'],
      });
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
      await bob?.close();
    });

    it('lists the task tools and the task lists (not the event-only calendars)', async () => {
      const { tools } = await alice.listTools();
      expect(
        tools
          .map((tool) => tool.name)
          .filter((name) => TASK_TOOLS.includes(name))
          .sort(),
      ).toEqual(TASK_TOOLS);
      const { lists } = structured(await call(alice, 'nc_tasklists_list', {})) as { lists: Structured[] };
      expect(lists).toContainEqual(
        expect.objectContaining({ id: list, name: `To do ${kind}`, components: ['VTODO'] }),
      );
      expect(lists.map((each) => each.id)).not.toContain('personal');
    });

    it('creates a task and a subtask, completes the subtask, and filters open, completed and due-before', async () => {
      const parent = structured(
        await call(alice, 'nc_task_create', {
          listId: list,
          summary: 'Ship the release',
          due: '2026-12-05T17:00',
          timeZone: 'Europe/Berlin',
          priority: 1,
          categories: ['work'],
        }),
      );
      expect(parent).toMatchObject({
        completed: false,
        status: 'NEEDS-ACTION',
        due: '2026-12-05T17:00:00+01:00[Europe/Berlin]',
        priority: 1,
        categories: ['work'],
      });
      const child = structured(
        await call(alice, 'nc_task_create', {
          listId: list,
          summary: 'Write the notes',
          parentUid: parent.uid,
          due: '2026-12-20',
        }),
      );
      expect(child.parentUid).toBe(parent.uid);
      const done = structured(
        await call(alice, 'nc_task_complete', { listId: list, taskId: child.taskId, etag: child.etag }),
      );
      expect(done).toMatchObject({ completed: true, status: 'COMPLETED' });
      expect(String(done.completedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\[UTC\]$/);

      expect(summaries(structured(await call(alice, 'nc_tasks_list', { listIds: [list] })))).toEqual([
        'Ship the release',
      ]);
      expect(
        summaries(structured(await call(alice, 'nc_tasks_list', { listIds: [list], status: 'completed' }))),
      ).toEqual(['Write the notes']);
      expect(
        summaries(
          structured(
            await call(alice, 'nc_tasks_list', {
              listIds: [list],
              status: 'all',
              dueBefore: '2026-12-06',
              timeZone: 'Europe/Berlin',
            }),
          ),
        ),
      ).toEqual(['Ship the release']);

      const reopened = structured(
        await call(alice, 'nc_task_complete', { listId: list, taskId: child.taskId, completed: false }),
      );
      expect(reopened).toMatchObject({ completed: false, status: 'NEEDS-ACTION' });
    });

    it('updates a task with its etag, refuses a stale one, and deletes it', async () => {
      const task = structured(await call(alice, 'nc_task_create', { listId: list, summary: 'Draft' }));
      const renamed = structured(
        await call(alice, 'nc_task_update', {
          listId: list,
          taskId: task.taskId,
          etag: task.etag,
          summary: 'Draft v2',
          due: '2026-12-01',
        }),
      );
      expect(renamed).toMatchObject({ summary: 'Draft v2', due: '2026-12-01' });
      expect(
        errorText(
          await call(alice, 'nc_task_update', {
            listId: list,
            taskId: task.taskId,
            etag: task.etag,
            summary: 'x',
          }),
        ),
      ).toBe(
        `Conflict: task "${task.taskId}" changed since you read it. Read it again, then retry with the new etag.`,
      );
      expect(structured(await call(alice, 'nc_task_delete', { listId: list, taskId: task.taskId }))).toEqual({
        taskId: task.taskId,
        deleted: true,
      });
      expect(errorText(await call(alice, 'nc_task_delete', { listId: list, taskId: task.taskId }))).toMatch(
        /^Not found/,
      );
    });

    it('refuses tasks in an events-only calendar, and another user cannot reach the list', async () => {
      expect(errorText(await call(alice, 'nc_task_create', { listId: 'personal', summary: 'x' }))).toBe(
        'Invalid input: Calendar "personal" does not take tasks',
      );
      expect(errorText(await call(bob, 'nc_tasks_list', { listIds: [list] }))).toMatch(/^Not found/);
      expect(errorText(await call(bob, 'nc_task_create', { listId: list, summary: 'x' }))).toMatch(
        /^Not found/,
      );
    });
  });
});
