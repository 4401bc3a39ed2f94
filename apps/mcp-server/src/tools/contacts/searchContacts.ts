import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { addressBookInput, contactFailure, contactSummaryShape, toContactSummary } from './contactShapes.js';

/** `nc_contacts_search`: a server-side addressbook-query. */
export const searchContactsTool = defineTool({
  name: 'nc_contacts_search',
  title: 'Search contacts',
  description:
    'Find contacts whose name, email, phone or organisation contains the text (case-insensitive, on the server). ' +
    'Searches your own address books unless one is given.',
  family: 'contacts',
  scopes: [SCOPES.contactsRead],
  inputSchema: {
    query: z.string().min(1).max(200),
    field: z.enum(['any', 'name', 'email', 'phone', 'organization']).optional().describe('Default any'),
    addressBook: addressBookInput.optional(),
    limit: z.number().int().min(1).max(100).optional().describe('Default 25'),
  },
  outputSchema: { contacts: z.array(z.object(contactSummaryShape)), truncated: z.boolean() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ query, field, addressBook, limit }, { nextcloud }) {
    const result = await nextcloud.contacts
      .searchContacts({
        text: query,
        field: field ?? 'any',
        limit: limit ?? 25,
        ...(addressBook === undefined ? {} : { addressBook }),
      })
      .catch((error: unknown) => contactFailure(error, `no address book ${addressBook ?? ''}`));
    return { contacts: result.contacts.map(toContactSummary), truncated: result.truncated };
  },
});
