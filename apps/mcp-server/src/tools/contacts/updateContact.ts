import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import {
  addressBookInput,
  addressListInput,
  birthdayInput,
  contactFailure,
  contactIdInput,
  contactSummaryShape,
  listEditInput,
  nameInput,
  toContactSummary,
} from './contactShapes.js';

const nullableText = (max: number) => z.string().max(max).nullable().optional();

/** `nc_contact_update`: changes named fields; every other line of the vCard stays byte for byte. */
export const updateContactTool = defineTool({
  name: 'nc_contact_update',
  title: 'Update a contact',
  description:
    'Change some fields of a contact; everything else is kept exactly. Pass the etag from nc_contact_get: ' +
    'if the contact changed since, nothing is written. null removes a field. emails/phones: remove, change ' +
    '(in place), set (replace all), add.',
  family: 'contacts',
  scopes: [SCOPES.contactsWrite],
  inputSchema: {
    addressBook: addressBookInput.optional(),
    id: contactIdInput,
    etag: z.string().min(1).max(200),
    fullName: z.string().min(1).max(200).optional(),
    name: nameInput.optional().describe('Only the parts given change'),
    emails: listEditInput,
    phones: listEditInput,
    organization: nullableText(200),
    title: nullableText(200),
    addresses: addressListInput.optional().describe('Replaces all'),
    birthday: birthdayInput.nullable().optional(),
    note: nullableText(10_000),
  },
  outputSchema: contactSummaryShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ addressBook, id, etag, addresses, ...rest }, { nextcloud }) {
    if (addresses === undefined && Object.values(rest).every((value) => value === undefined)) {
      throw new ToolInputError('nothing to change');
    }
    const book = addressBook ?? 'contacts';
    const contact = await nextcloud.contacts
      .updateContact(
        book,
        id,
        { ...rest, ...(addresses === undefined ? {} : { addresses: { set: addresses } }) },
        { etag },
      )
      .catch((error: unknown) => contactFailure(error, `no contact ${id} in address book ${book}`));
    return toContactSummary(contact);
  },
});
