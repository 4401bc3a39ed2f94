import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, EXPECTED_NEGOTIATION } from './support/clientKind.js';
import { connectWithLogin } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, type Structured, structured } from './support/toolResults.js';

const ROUNDS = 4;

describe('both protocol eras served at once by one running server', () => {
  let stack: Stack;
  const clients: McpTestClient[] = [];

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await stack?.close();
  });

  it('interleaves tool calls from a legacy, a pinned modern and an auto client, all seeing the same notes', async () => {
    // Three apps of the same user, each with its own login, connected side by side.
    const logins = await Promise.all(
      CLIENT_KINDS.map((kind) => connectWithLogin(kind, stack.mcpUrl, 'alice', 'alice')),
    );
    clients.push(...logins.map((login) => login.client));
    for (const client of clients) expect(client.negotiated()).toEqual(EXPECTED_NEGOTIATION[client.kind]);

    const category = 'Eras';
    const rounds = await Promise.all(
      Array.from({ length: ROUNDS }, (_, round) =>
        Promise.all(
          clients.map(async (client) => {
            const created = structured(
              await call(client, 'nc_notes_create', {
                title: `${client.kind} ${round}`,
                content: `written over ${client.kind}`,
                category,
              }),
            );
            structured(await call(client, 'nc_notes_list', { category }));
            return created.id as number;
          }),
        ),
      ),
    );
    const created = rounds.flat().sort((a, b) => a - b);
    expect(new Set(created).size).toBe(ROUNDS * CLIENT_KINDS.length);

    const seen = await Promise.all(
      clients.map(async (client) => {
        const listed = structured(await call(client, 'nc_notes_list', { category }));
        return (listed.notes as Structured[]).map((note) => note.id as number).sort((a, b) => a - b);
      }),
    );
    for (const ids of seen) expect(ids).toEqual(created);

    // Each client reads a note another era wrote.
    await Promise.all(
      clients.map(async (client, index) => {
        const writer = clients[(index + 1) % clients.length];
        const id = rounds[0]?.[(index + 1) % clients.length];
        const got = structured(await call(client, 'nc_notes_get', { id }));
        expect(got).toMatchObject({ id, content: `written over ${writer?.kind}` });
      }),
    );
  }, 60_000);
});
