import type { JCardProperty, VCardDocument } from './vcardDocument.js';

/** An email address or phone number with its vCard TYPEs (lower case, e.g. `work`, `cell`). */
export interface TypedValue {
  value: string;
  types: string[];
  /** A custom label (Apple's `itemN.X-ABLabel`), when the card has one. */
  label?: string;
}

/** The parts of a vCard `N`. */
export interface ContactName {
  family?: string;
  given?: string;
  middle?: string;
  prefix?: string;
  suffix?: string;
}

/** A postal address (`ADR`). */
export interface PostalAddress {
  types: string[];
  poBox?: string;
  extended?: string;
  street?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** What a contact says, read from its vCard; PHOTO is only reported as present. */
export interface ContactDetails {
  uid?: string;
  fullName?: string;
  name?: ContactName;
  nickname?: string;
  emails: TypedValue[];
  phones: TypedValue[];
  organization?: string;
  department?: string;
  title?: string;
  addresses: PostalAddress[];
  birthday?: string;
  note?: string;
  urls: string[];
  categories: string[];
  hasPhoto: boolean;
}

/** One contact: where it lives, its etag (unquoted) and what it says. */
export interface Contact extends ContactDetails {
  /** The address book's URI (`contacts`). */
  addressBook: string;
  /** The card's resource name in the address book (`alice.vcf`). */
  id: string;
  etag: string;
}

/** Order of the `N` components (RFC 6350 §6.2.2). */
export const NAME_PARTS = ['family', 'given', 'middle', 'prefix', 'suffix'] as const;
/** Order of the `ADR` components after the types (RFC 6350 §6.3.1). */
export const ADDRESS_PARTS = [
  'poBox',
  'extended',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
] as const;

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  return typeof value === 'string' ? [value] : [];
}

// ical.js leaves `\;` escaped in vCard 3 text values (RFC 2426 escapes it, RFC 6350 does not need to).
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? strings(value).join(',') : value;
  return typeof first === 'string' && first !== '' ? first.replaceAll('\\;', ';') : undefined;
}

/** The TYPE parameter values of a property, lower case, without the meaningless `internet`. */
export function typesOf(prop: JCardProperty): string[] {
  return strings(prop[1].type)
    .flatMap((type) => type.split(','))
    .map((type) => type.toLowerCase())
    .filter((type) => type !== '' && type !== 'internet');
}

function structured(prop: JCardProperty | undefined): string[] {
  const value = prop?.[3];
  if (Array.isArray(value)) return value.map((part) => strings(part).join(','));
  return typeof value === 'string' ? value.split(';') : [];
}

// Apple writes labels as `_$!<Mobile>!$_` for its own and plain text for custom ones.
function labelFor(doc: VCardDocument, prop: JCardProperty): string | undefined {
  const group = prop[1].group;
  if (typeof group !== 'string') return undefined;
  const label = doc
    .properties('x-ablabel')
    .find((candidate) => String(candidate[1].group).toLowerCase() === group.toLowerCase());
  const raw = text(label?.[3]);
  if (raw === undefined) return undefined;
  return raw.startsWith('_$!<') && raw.endsWith('>!$_') ? raw.slice(4, -4) : raw;
}

function typed(doc: VCardDocument, prop: JCardProperty): TypedValue | undefined {
  const value = text(prop[3]);
  if (value === undefined) return undefined;
  const label = labelFor(doc, prop);
  return { value, types: typesOf(prop), ...(label === undefined ? {} : { label }) };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

/** Reads the fields a person cares about from a card. */
export function readContact(doc: VCardDocument): ContactDetails {
  const nameParts = structured(doc.properties('n')[0]);
  const name: ContactName = {};
  NAME_PARTS.forEach((part, index) => {
    Object.assign(name, optional(part, nameParts[index]));
  });
  const org = structured(doc.properties('org')[0]);
  const birthday = doc.properties('bday')[0]?.[3];
  return {
    ...optional('uid', text(doc.properties('uid')[0]?.[3])),
    ...optional('fullName', text(doc.properties('fn')[0]?.[3])),
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...optional('nickname', text(doc.properties('nickname')[0]?.[3])),
    emails: doc.properties('email').flatMap((prop) => typed(doc, prop) ?? []),
    phones: doc.properties('tel').flatMap((prop) => typed(doc, prop) ?? []),
    ...optional('organization', org[0]),
    ...optional('department', org.slice(1).filter(Boolean).join(', ')),
    ...optional('title', text(doc.properties('title')[0]?.[3])),
    addresses: doc.properties('adr').map((prop) => {
      const parts = structured(prop);
      const address: PostalAddress = { types: typesOf(prop) };
      ADDRESS_PARTS.forEach((part, index) => {
        Object.assign(address, optional(part, parts[index]));
      });
      return address;
    }),
    ...optional('birthday', typeof birthday === 'string' ? birthday : undefined),
    ...optional('note', text(doc.properties('note')[0]?.[3])),
    urls: doc.properties('url').flatMap((prop) => text(prop[3]) ?? []),
    categories: doc.properties('categories').flatMap((prop) => strings(prop.slice(3))),
    hasPhoto: doc.properties('photo').length > 0,
  };
}
