import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { addressBookInput, contactFailure, contactIdInput } from './contactShapes.js';

/** `nc_contact_delete`: removes a contact (CardDAV has no trash bin). */
export const deleteContactTool = defineTool({
  name: 'nc_contact_delete',
  title: 'Delete a contact',
  description: 'Delete a contact for good. With etag, only if it has not changed since you read it.',
  family: 'contacts',
  scopes: [SCOPES.contactsWrite],
  inputSchema: {
    addressBook: addressBookInput.optional(),
    id: contactIdInput,
    etag: z.string().min(1).max(200).optional(),
  },
  outputSchema: { deleted: z.boolean(), id: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ addressBook, id, etag }, { nextcloud }) {
    const book = addressBook ?? 'contacts';
    await nextcloud.contacts
      .deleteContact(book, id, etag === undefined ? {} : { etag })
      .catch((error: unknown) => contactFailure(error, `no contact ${id} in address book ${book}`));
    return { deleted: true, id };
  },
});
