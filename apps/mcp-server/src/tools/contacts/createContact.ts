import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import {
  addressBookInput,
  addressListInput,
  birthdayInput,
  contactFailure,
  contactSummaryShape,
  nameInput,
  toContactSummary,
  valueListInput,
} from './contactShapes.js';

/** `nc_contact_create`: a new vCard. */
export const createContactTool = defineTool({
  name: 'nc_contact_create',
  title: 'Create a contact',
  description:
    'Create a contact. Give fullName or name parts; the rest is optional. Types: work, home, cell, fax…',
  family: 'contacts',
  scopes: [SCOPES.contactsWrite],
  inputSchema: {
    addressBook: addressBookInput.optional(),
    fullName: z.string().min(1).max(200).optional(),
    name: nameInput.optional(),
    emails: valueListInput.optional(),
    phones: valueListInput.optional(),
    organization: z.string().max(200).optional(),
    title: z.string().max(200).optional(),
    addresses: addressListInput.optional(),
    birthday: birthdayInput.optional(),
    note: z.string().max(10_000).optional(),
  },
  outputSchema: contactSummaryShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ addressBook, ...fields }, { nextcloud }) {
    const book = addressBook ?? 'contacts';
    const contact = await nextcloud.contacts
      .createContact(fields, { addressBook: book })
      .catch((error: unknown) => contactFailure(error, `no address book ${book}`));
    return toContactSummary(contact);
  },
});
