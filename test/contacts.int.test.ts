import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientKind } from './support/clientKind.js';
import { connectWithToken } from './support/connect.js';
import type { McpTestClient } from './support/mcpTestClient.js';
import { type Stack, startStack } from './support/stack.js';
import { call, errorText, type Structured, structured } from './support/toolResults.js';
import { mcpToken, ownFiles, postMcp } from './support/userFiles.js';

const CONTACT_TOOLS = [
  'nc_addressbooks_list',
  'nc_contact_create',
  'nc_contact_delete',
  'nc_contact_get',
  'nc_contact_update',
  'nc_contacts_search',
];
const KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern'];
const ALL = ['contacts.read', 'contacts.write'];
const contactToolsOf = (tools: readonly { name: string }[]) =>
  tools.map((tool) => tool.name).filter((name) => /^nc_(contact|contacts|addressbooks)_/.test(name));

const PHOTO =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
// What iOS writes: groups with labels, repeated lower-case TYPEs, vendor X- properties, a folded PHOTO.
function richCard(uid: string): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
    'N:Rich;Rita;;;',
    `FN:Rita Rich ${uid}`,
    `item1.EMAIL;type=INTERNET;type=pref:rita-${uid}@example.org`,
    'item1.X-ABLabel:_$!<Other>!$_',
    'TEL;type=CELL;type=VOICE;type=pref:+1 555 0100',
    'item2.URL;type=pref:https://rita.example.org',
    'item2.X-ABLabel:_$!<HomePage>!$_',
    'X-SOCIALPROFILE;type=twitter;x-user=rita:https://twitter.com/rita',
    'X-ABShowAs:PERSON',
    `PHOTO;ENCODING=b;TYPE=PNG:${PHOTO.slice(0, 48)}`,
    ` ${PHOTO.slice(48)}`,
    `UID:${uid}`,
    'END:VCARD',
    '',
  ].join('\r\n');
}

describe.each(['pass-through', 'exchange'] as const)('the contacts tools end to end, %s mode', (mode) => {
  let stack: Stack;
  let aliceToken: string;
  let bobToken: string;
  let readerToken: string;

  beforeAll(async () => {
    stack = await startStack({ mode });
    aliceToken = await mcpToken(stack, 'alice', ALL);
    bobToken = await mcpToken(stack, 'bob', ALL);
    readerToken = await mcpToken(stack, 'alice', ['contacts.read']);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses nc_contact_create to a contacts.read token with 403 insufficient_scope naming contacts.write', async () => {
    const response = await postMcp(stack.mcpUrl, readerToken, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'nc_contact_create', arguments: { fullName: 'Nope' } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toMatch(/scope="[^"]*\bcontacts\.write\b[^"]*"/);
  });

  describe.each(KINDS)('with the %s client', (kind) => {
    let alice: McpTestClient;
    let bob: McpTestClient;
    const tag = `${kind}-${mode}`;

    beforeAll(async () => {
      alice = await connectWithToken(kind, stack.mcpUrl, aliceToken);
      bob = await connectWithToken(kind, stack.mcpUrl, bobToken);
    }, 30_000);

    afterAll(async () => {
      await alice?.close();
      await bob?.close();
    });

    it('lists the contact tools with their annotations', async () => {
      const { tools } = await alice.listTools();
      expect(contactToolsOf(tools).sort()).toEqual(CONTACT_TOOLS);
      const byName = (name: string) => tools.find((t) => t.name === name)?.annotations;
      expect(byName('nc_contacts_search')?.readOnlyHint).toBe(true);
      expect(byName('nc_contact_update')?.destructiveHint).toBe(true);
      expect(byName('nc_contact_delete')?.destructiveHint).toBe(true);
    });

    it('creates, gets, searches by email, phone and organisation, updates and deletes a contact', async () => {
      const created = structured(
        await call(alice, 'nc_contact_create', {
          name: { given: 'Alma', family: `Tester ${tag}` },
          emails: [{ value: `alma-${tag}@example.org`, type: 'work' }],
          phones: [{ value: `+49 30 ${kind.length}${mode.length} 77`, type: 'cell' }],
          organization: `Org ${tag}`,
          title: 'Engineer',
          addresses: [{ street: 'Hauptstr. 1', city: 'Berlin', country: 'DE', type: 'work' }],
          birthday: '1985-06-07',
          note: 'Met at the conference',
        }),
      );
      expect(created).toMatchObject({
        addressBook: 'contacts',
        fullName: `Alma Tester ${tag}`,
        hasPhoto: false,
      });
      const id = String(created.id);

      const books = structured(await call(alice, 'nc_addressbooks_list', {}));
      expect(books.addressBooks).toEqual([{ id: 'contacts', displayName: 'Contacts', kind: 'personal' }]);
      const withSystem = structured(await call(alice, 'nc_addressbooks_list', { includeSystem: true }));
      expect((withSystem.addressBooks as Structured[]).map((book) => book.kind)).toContain('system');

      const got = structured(await call(alice, 'nc_contact_get', { id }));
      expect(got).toMatchObject({
        name: { given: 'Alma', family: `Tester ${tag}` },
        emails: [{ value: `alma-${tag}@example.org`, types: ['work'] }],
        phones: [{ types: ['cell'] }],
        organization: `Org ${tag}`,
        title: 'Engineer',
        addresses: [{ street: 'Hauptstr. 1', city: 'Berlin', country: 'DE', types: ['work'] }],
        birthday: '1985-06-07',
        note: 'Met at the conference',
      });

      const search = async (query: string, field?: string) =>
        (
          structured(await call(alice, 'nc_contacts_search', { query, ...(field ? { field } : {}) }))
            .contacts as Structured[]
        ).map((contact) => contact.id);
      expect(await search(`ALMA-${tag}@EXAMPLE.ORG`, 'email')).toEqual([id]);
      expect(await search(`30 ${kind.length}${mode.length} 77`, 'phone')).toEqual([id]);
      expect(await search(`org ${tag}`, 'organization')).toEqual([id]);
      expect(await search(`Tester ${tag}`)).toEqual([id]);
      expect(await search(`Org ${tag}`, 'email')).toEqual([]);

      const updated = structured(
        await call(alice, 'nc_contact_update', {
          id,
          etag: got.etag,
          emails: { add: [{ value: `alma.private-${tag}@example.org`, type: 'home' }] },
          title: null,
        }),
      );
      expect(updated.emails).toEqual([`alma-${tag}@example.org`, `alma.private-${tag}@example.org`]);
      const after = structured(await call(alice, 'nc_contact_get', { id }));
      expect(after).not.toHaveProperty('title');
      expect(after.etag).not.toBe(got.etag);

      // The etag it was read with is stale now.
      const stale = errorText(await call(alice, 'nc_contact_update', { id, etag: got.etag, note: 'lost' }));
      expect(stale).toMatch(/^Conflict: the contact changed since you read it/);
      expect(structured(await call(alice, 'nc_contact_get', { id })).note).toBe('Met at the conference');

      expect(structured(await call(alice, 'nc_contact_delete', { id, etag: after.etag }))).toEqual({
        deleted: true,
        id,
      });
      expect(errorText(await call(alice, 'nc_contact_get', { id }))).toMatch(/^Not found: no contact/);
    });

    it('changes one phone of a card with a photo, groups and X- properties and leaves every other line as it was', async () => {
      const own = ownFiles(stack, aliceToken);
      const uid = `rich-${tag}`;
      const uidPath = encodeURIComponent(await own.session.userId());
      const put = await fetch(
        `${stack.nextcloud.url}/remote.php/dav/addressbooks/users/${uidPath}/contacts/${uid}.vcf`,
        {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${await own.token()}`,
            'Content-Type': 'text/vcard; charset=utf-8',
          },
          body: richCard(uid),
        },
      );
      expect(put.status).toBe(201);

      const searchResult = await call(alice, 'nc_contacts_search', { query: `rita-${uid}`, field: 'email' });
      const [hit] = structured(searchResult).contacts as Structured[];
      expect(hit).toMatchObject({ id: `${uid}.vcf`, hasPhoto: true });
      expect(JSON.stringify(searchResult)).not.toContain(PHOTO.slice(0, 24));

      const before = structured(await call(alice, 'nc_contact_get', { id: `${uid}.vcf` }));
      expect(before).toMatchObject({
        hasPhoto: true,
        emails: [{ label: 'Other' }],
        urls: ['https://rita.example.org'],
      });
      structured(
        await call(alice, 'nc_contact_update', {
          id: `${uid}.vcf`,
          etag: before.etag,
          phones: { change: [{ from: '+1 555 0100', to: '+1 555 0199' }] },
        }),
      );

      const stored = (await own.session.contacts.readCard('contacts', `${uid}.vcf`)).data.split('\r\n');
      const original = richCard(uid).split('\r\n');
      expect(stored).toHaveLength(original.length);
      const telLine = original.indexOf('TEL;type=CELL;type=VOICE;type=pref:+1 555 0100');
      const differing = original.flatMap((line, index) => (stored[index] === line ? [] : [index]));
      expect(differing).toEqual([telLine]);
      expect(stored[telLine]).toBe('TEL;TYPE=CELL,VOICE,pref:+1 555 0199');
    });

    it("keeps another user's contacts out of reach", async () => {
      const created = structured(await call(alice, 'nc_contact_create', { fullName: `Secret Sam ${tag}` }));
      const bobSearch = structured(await call(bob, 'nc_contacts_search', { query: `Secret Sam ${tag}` }));
      expect(bobSearch.contacts).toEqual([]);
      expect(errorText(await call(bob, 'nc_contact_get', { id: created.id }))).toMatch(/^Not found/);
      expect(errorText(await call(bob, 'nc_contact_delete', { id: created.id }))).toMatch(/^Not found/);
      expect(structured(await call(alice, 'nc_contact_get', { id: created.id })).fullName).toBe(
        `Secret Sam ${tag}`,
      );
    });

    it('refuses a contact id that is not one name', async () => {
      expect(errorText(await call(alice, 'nc_contact_get', { id: '../bob/x.vcf' }))).toMatch(
        /^Invalid input/,
      );
    });
  });
});

describe('MCP_TOOLSETS without contacts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ mcpEnv: { MCP_TOOLSETS: 'notes,files' } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('offers no contact tool even to a token with the contacts scopes', async () => {
    const client = await connectWithToken('v2-modern', stack.mcpUrl, await mcpToken(stack, 'alice', ALL));
    try {
      expect(contactToolsOf((await client.listTools()).tools)).toEqual([]);
      await expect(
        client.callTool({ name: 'nc_contacts_search', arguments: { query: 'x' } }),
      ).rejects.toMatchObject({
        code: -32602,
      });
    } finally {
      await client.close();
    }
  });
});
