import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  addressBookInput,
  contactFailure,
  contactIdInput,
  contactShape,
  toContactOutput,
} from './contactShapes.js';

/** `nc_contact_get`: one contact with every field it has. */
export const getContactTool = defineTool({
  name: 'nc_contact_get',
  title: 'Get a contact',
  description:
    'Read one contact: names, emails, phones, addresses, organisation, birthday, note, and its etag.',
  family: 'contacts',
  scopes: [SCOPES.contactsRead],
  inputSchema: { addressBook: addressBookInput.optional(), id: contactIdInput },
  outputSchema: contactShape,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ addressBook, id }, { nextcloud }) {
    const book = addressBook ?? 'contacts';
    const contact = await nextcloud.contacts
      .getContact(book, id)
      .catch((error: unknown) => contactFailure(error, `no contact ${id} in address book ${book}`));
    return toContactOutput(contact);
  },
});
