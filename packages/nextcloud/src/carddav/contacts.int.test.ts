import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { isNextcloudError } from '../errors.js';

// The contacts client against the test double, which answers CardDAV like the recorded Nextcloud 34.
let issuer: TestIssuer;
let nextcloud: DevNextcloud;

function token(sub: string): Promise<string> {
  return issuer.sign({ sub, aud: 'nextcloud', preferred_username: sub, name: `${sub} name` });
}

function sessionFor(sub: string): NextcloudSession {
  return createNextcloudClient({ baseUrl: nextcloud.url }).session({
    subject: sub,
    getToken: () => token(sub),
  });
}

const RICH_CARD = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
  'N:Rich;Rita;;;',
  'FN:Rita Rich',
  'item1.EMAIL;type=INTERNET;type=pref:rita@example.org',
  'item1.X-ABLabel:_$!<Other>!$_',
  'TEL;type=CELL;type=VOICE;type=pref:+1 555 0100',
  'X-SOCIALPROFILE;type=twitter;x-user=rita:https://twitter.com/rita',
  'PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4',
  ' 2mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'UID:rich-0001',
  'END:VCARD',
  '',
].join('\r\n');

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer });
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('contacts on the double', () => {
  it('creates the default address book with the first contact, and hides system books unless asked', async () => {
    const ann = sessionFor('ann-1');
    expect(await ann.contacts.listAddressBooks()).toEqual([]);
    const created = await ann.contacts.createContact({
      name: { given: 'Alice', family: 'Example' },
      emails: [{ value: 'alice@example.org', type: 'work' }],
      phones: [{ value: '+1 555 0100', type: 'cell' }],
      organization: 'Example Corp',
      birthday: '1990-01-02',
    });
    expect(created).toMatchObject({
      addressBook: 'contacts',
      fullName: 'Alice Example',
      emails: [{ value: 'alice@example.org', types: ['work'] }],
      birthday: '1990-01-02',
      hasPhoto: false,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}\.vcf$/);
    expect(created.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(await ann.contacts.listAddressBooks()).toMatchObject([
      { id: 'contacts', displayName: 'Contacts', kind: 'personal' },
    ]);
    const all = await ann.contacts.listAddressBooks({ includeSystem: true });
    expect(all.map((book) => book.kind)).toEqual(['personal', 'system', 'app']);
  });

  it('searches on the server by name, email, phone and organisation, bounded', async () => {
    const ann = sessionFor('ann-2');
    await ann.contacts.createContact({ fullName: 'Bruno Müller', emails: [{ value: 'bruno@example.com' }] });
    await ann.contacts.createContact({
      fullName: 'Carla Rossi',
      phones: [{ value: '+39 06 5550' }],
      organization: 'Rossi SpA',
    });
    const found = async (text: string, field: 'any' | 'name' | 'email' | 'phone' | 'organization') =>
      (await ann.contacts.searchContacts({ text, field, limit: 10 })).contacts.map((c) => c.fullName);
    expect(await found('MÜLLER', 'name')).toEqual(['Bruno Müller']);
    expect(await found('example.com', 'email')).toEqual(['Bruno Müller']);
    expect(await found('06 5550', 'phone')).toEqual(['Carla Rossi']);
    expect(await found('spa', 'organization')).toEqual(['Carla Rossi']);
    expect(await found('spa', 'email')).toEqual([]);
    const bounded = await ann.contacts.searchContacts({ text: 'r', field: 'any', limit: 1 });
    expect(bounded.contacts).toHaveLength(1);
    expect(bounded.truncated).toBe(true);
  });

  it('updates only what it is asked to: a card with photo, groups and X- properties keeps every other line', async () => {
    const ann = sessionFor('ann-3');
    await ann.contacts.createContact({ fullName: 'Seed' }); // makes the default book
    const put = await fetch(`${nextcloud.url}/remote.php/dav/addressbooks/users/ann-3/contacts/rich.vcf`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${await token('ann-3')}`,
        'Content-Type': 'text/vcard; charset=utf-8',
      },
      body: RICH_CARD,
    });
    expect(put.status).toBe(201);
    const before = await ann.contacts.getContact('contacts', 'rich.vcf');
    expect(before).toMatchObject({ hasPhoto: true, emails: [{ value: 'rita@example.org', label: 'Other' }] });

    const updated = await ann.contacts.updateContact(
      'contacts',
      'rich.vcf',
      { phones: { change: [{ from: '+1 555 0100', to: '+1 555 0199' }] } },
      { etag: before.etag },
    );
    expect(updated.phones).toEqual([{ value: '+1 555 0199', types: ['cell', 'voice', 'pref'] }]);
    const stored = await ann.contacts.readCard('contacts', 'rich.vcf');
    expect(stored.etag).toBe(updated.etag);
    const original = RICH_CARD.split('\r\n');
    const now = stored.data.split('\r\n');
    expect(now).toHaveLength(original.length);
    const telLine = original.indexOf('TEL;type=CELL;type=VOICE;type=pref:+1 555 0100');
    original.forEach((line, index) => {
      if (index !== telLine) expect(now[index], `line ${index}`).toBe(line);
    });
    expect(now[telLine]).toBe('TEL;TYPE=CELL,VOICE,pref:+1 555 0199');

    // The etag it was read with is stale now: nothing is written.
    const stale = await ann.contacts
      .updateContact('contacts', 'rich.vcf', { title: 'x' }, { etag: before.etag })
      .catch((error: unknown) => error);
    expect(isNextcloudError(stale, 'conflict')).toBe(true);
    expect((await ann.contacts.readCard('contacts', 'rich.vcf')).data).toBe(stored.data);
  });

  it('multigets (missing ids left out), deletes, and reports both through sync', async () => {
    const ann = sessionFor('ann-4');
    const one = await ann.contacts.createContact({ fullName: 'One' });
    const two = await ann.contacts.createContact({ fullName: 'Two' });
    const initial = await ann.contacts.addressBookChanges('contacts', undefined);
    expect(initial.changed).toHaveLength(2);
    const got = await ann.contacts.multigetContacts('contacts', [one.id, 'ghost.vcf', two.id]);
    expect(got.map((contact) => contact.fullName).sort()).toEqual(['One', 'Two']);
    await ann.contacts.deleteContact('contacts', one.id, { etag: one.etag });
    const changes = await ann.contacts.addressBookChanges('contacts', initial.syncToken);
    expect(changes.deleted.map((href) => href.split('/').pop())).toEqual([one.id]);
    const missing = await ann.contacts.getContact('contacts', one.id).catch((error: unknown) => error);
    expect(isNextcloudError(missing, 'not_found')).toBe(true);
  });

  it("cannot reach another user's contacts", async () => {
    const owner = sessionFor('owner-5');
    const other = sessionFor('other-5');
    const card = await owner.contacts.createContact({ fullName: 'Private Person' });
    const path = `/remote.php/dav/addressbooks/users/owner-5/contacts/${card.id}`;
    const response = await fetch(`${nextcloud.url}${path}`, {
      headers: { Authorization: `Bearer ${await token('other-5')}` },
    });
    expect(response.status).toBe(404);
    const otherSearch = await other.contacts.searchContacts({ text: 'Private', field: 'any', limit: 5 });
    expect(otherSearch.contacts).toEqual([]);
  });

  it('refuses ids that are not one name', async () => {
    const ann = sessionFor('ann-6');
    for (const id of ['../x.vcf', 'a/b.vcf', '..', '']) {
      const error = await ann.contacts.getContact('contacts', id).catch((caught: unknown) => caught);
      expect(isNextcloudError(error, 'invalid_path'), id).toBe(true);
    }
  });
});
