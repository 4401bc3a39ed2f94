import { createSilentLogger } from '@nc-mcp/logger';
import { type Contact, createNextcloudClient, NextcloudError } from '@nc-mcp/nextcloud';
import { describe, expect, it } from 'vitest';
import { ToolInputError, ToolStateError, toToolErrorResult } from '../toolErrors.js';
import { contactFailure, toContactSummary } from './contactShapes.js';
import { updateContactTool } from './updateContact.js';

const CONTACT: Contact = {
  addressBook: 'contacts',
  id: 'a.vcf',
  etag: 'e1',
  fullName: 'Ann Lee',
  emails: [{ value: 'ann@example.org', types: ['work'] }],
  phones: [{ value: '+1 555', types: [], label: 'Lab' }],
  addresses: [],
  urls: [],
  categories: [],
  hasPhoto: true,
};

describe('contact output', () => {
  it('summarises a contact as values only, with the photo as a flag', () => {
    expect(toContactSummary(CONTACT)).toEqual({
      addressBook: 'contacts',
      id: 'a.vcf',
      etag: 'e1',
      fullName: 'Ann Lee',
      emails: ['ann@example.org'],
      phones: ['+1 555'],
      hasPhoto: true,
    });
  });
});

describe('contactFailure', () => {
  it('turns a missing contact and a lost race into curated state errors', () => {
    const missing = () =>
      contactFailure(new NextcloudError('not_found', 'x', { status: 404 }), 'no contact a.vcf');
    expect(missing).toThrow(ToolStateError);
    expect(missing).toThrow('Not found: no contact a.vcf (find contacts with nc_contacts_search).');
    const race = () =>
      contactFailure(new NextcloudError('conflict', 'x', { status: 412 }), 'no contact a.vcf');
    expect(race).toThrow(/^Conflict: the contact changed since you read it/);
  });

  it('shows its own edit errors as input errors, and hides what Nextcloud said', () => {
    const own = () => contactFailure(new NextcloudError('bad_request', 'the contact has no phone "1"'), 'x');
    expect(own).toThrow(new ToolInputError('the contact has no phone "1"'));
    const server = () =>
      contactFailure(new NextcloudError('bad_request', 'Sabre said things', { status: 415 }), 'x');
    expect(server).toThrow(new ToolInputError('Nextcloud refused the contact data'));
    const other = new NextcloudError('unavailable', 'down');
    expect(() => contactFailure(other, 'x')).toThrow(other);
  });
});

describe('nc_contact_update', () => {
  it('refuses a call that changes nothing, before asking Nextcloud', async () => {
    let requests = 0;
    const nextcloud = createNextcloudClient({
      baseUrl: 'https://cloud.example',
      fetch: async () => {
        requests++;
        return new Response('', { status: 500 });
      },
    }).session({ subject: 's', getToken: async () => 't' });
    const run = updateContactTool.run(
      { id: 'a.vcf', etag: 'e1' },
      {
        nextcloud,
        logger: createSilentLogger(),
        openedUrl: () => undefined,
      },
    );
    await expect(run).rejects.toThrow('nothing to change');
    const result = toToolErrorResult(await run.catch((error: unknown) => error), createSilentLogger());
    expect(result.content).toEqual([{ type: 'text', text: 'Invalid input: nothing to change' }]);
    expect(requests).toBe(0);
  });
});
