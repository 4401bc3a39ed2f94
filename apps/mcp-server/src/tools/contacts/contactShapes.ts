import { type Contact, isNextcloudError } from '@nc-mcp/nextcloud';
import { z } from 'zod';
import { ToolInputError, ToolStateError } from '../toolErrors.js';

const typedValue = z.object({ value: z.string(), types: z.array(z.string()), label: z.string().optional() });
const optionalText = z.string().optional();

/** One contact as the contact tools show it; a photo is only ever reported as present. */
export const contactShape = {
  addressBook: z.string(),
  id: z.string(),
  etag: z.string(),
  uid: optionalText,
  fullName: optionalText,
  name: z
    .object({
      family: optionalText,
      given: optionalText,
      middle: optionalText,
      prefix: optionalText,
      suffix: optionalText,
    })
    .optional(),
  nickname: optionalText,
  emails: z.array(typedValue),
  phones: z.array(typedValue),
  organization: optionalText,
  department: optionalText,
  title: optionalText,
  addresses: z.array(
    z.object({
      types: z.array(z.string()),
      poBox: optionalText,
      extended: optionalText,
      street: optionalText,
      city: optionalText,
      region: optionalText,
      postalCode: optionalText,
      country: optionalText,
    }),
  ),
  birthday: optionalText,
  note: optionalText,
  urls: z.array(z.string()),
  categories: z.array(z.string()),
  hasPhoto: z.boolean(),
};

/** A contact in a search result: who it is and how to reach them. */
export const contactSummaryShape = {
  addressBook: z.string(),
  id: z.string(),
  etag: z.string(),
  fullName: optionalText,
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  organization: optionalText,
  hasPhoto: z.boolean(),
};

/** Projects a client contact onto {@link contactShape}. */
export function toContactOutput(contact: Contact): z.infer<z.ZodObject<typeof contactShape>> {
  return contact;
}

/** Projects a client contact onto {@link contactSummaryShape}. */
export function toContactSummary(contact: Contact): z.infer<z.ZodObject<typeof contactSummaryShape>> {
  return {
    addressBook: contact.addressBook,
    id: contact.id,
    etag: contact.etag,
    ...(contact.fullName === undefined ? {} : { fullName: contact.fullName }),
    emails: contact.emails.map((email) => email.value),
    phones: contact.phones.map((phone) => phone.value),
    ...(contact.organization === undefined ? {} : { organization: contact.organization }),
    hasPhoto: contact.hasPhoto,
  };
}

/** Input field: an address book id. */
export const addressBookInput = z
  .string()
  .min(1)
  .max(255)
  .describe('Address book id from nc_addressbooks_list; default "contacts"');

/** Input field: a contact id. */
export const contactIdInput = z.string().min(1).max(255).describe('Contact id from nc_contacts_search');

const value = z.string().min(1).max(254);
const type = z
  .string()
  .regex(/^[A-Za-z-]{1,20}$/)
  .optional();
const valueItem = z.object({ value, type });

/** Input field: a list of emails or phones to write. */
export const valueListInput = z.array(valueItem).max(20);

/** Input field: changes to a list of emails or phones (remove, change in place, set = replace all, add). */
export const listEditInput = z
  .object({
    remove: z.array(value).max(20).optional(),
    change: z
      .array(z.object({ from: value, to: value }))
      .max(20)
      .optional(),
    set: valueListInput.optional(),
    add: valueListInput.optional(),
  })
  .optional();

const part = z.string().max(200).optional();

/** Input field: name parts. */
export const nameInput = z.object({ given: part, family: part, middle: part, prefix: part, suffix: part });

/** Input field: postal addresses. */
export const addressListInput = z
  .array(
    z.object({
      street: part,
      city: part,
      region: part,
      postalCode: part,
      country: part,
      type,
    }),
  )
  .max(10);

/** Input field: a birthday. */
export const birthdayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('YYYY-MM-DD');

/**
 * Rewords a Nextcloud failure of a call about one contact: a missing contact or book and a lost race
 * are curated state errors, refused values input errors; anything else goes to the common mapping.
 */
export function contactFailure(error: unknown, what: string): never {
  if (isNextcloudError(error, 'not_found')) {
    throw new ToolStateError('not_found', `Not found: ${what} (find contacts with nc_contacts_search).`, {
      cause: error,
    });
  }
  if (isNextcloudError(error, 'conflict')) {
    throw new ToolStateError(
      'conflict',
      'Conflict: the contact changed since you read it. Read it again with nc_contact_get, then retry with its etag.',
      { cause: error },
    );
  }
  if (isNextcloudError(error, 'invalid_path')) throw new ToolInputError(error.message);
  // Our own checks carry no HTTP status; a 400/415 from Nextcloud does.
  if (isNextcloudError(error, 'bad_request')) {
    throw new ToolInputError(
      error.status === undefined ? error.message : 'Nextcloud refused the contact data',
    );
  }
  throw error;
}
