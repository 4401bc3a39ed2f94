import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';

/** `nc_addressbooks_list`: the user's address books. */
export const listAddressBooksTool = defineTool({
  name: 'nc_addressbooks_list',
  title: 'List address books',
  description:
    'List your address books. The system (all accounts) and app-generated ones only with includeSystem.',
  family: 'contacts',
  scopes: [SCOPES.contactsRead],
  inputSchema: { includeSystem: z.boolean().optional() },
  outputSchema: {
    addressBooks: z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        description: z.string().optional(),
        kind: z.enum(['personal', 'system', 'app']),
      }),
    ),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ includeSystem }, { nextcloud }) {
    const books = await nextcloud.contacts.listAddressBooks({ includeSystem: includeSystem ?? false });
    return {
      addressBooks: books.map(({ id, displayName, description, kind }) => ({
        id,
        displayName,
        ...(description === undefined ? {} : { description }),
        kind,
      })),
    };
  },
});
