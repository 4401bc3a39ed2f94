import { NextcloudError } from '../errors.js';
import { ADDRESS_PARTS, type ContactName, NAME_PARTS, type PostalAddress } from './contact.js';
import { type JCardProperty, VCardDocument } from './vcardDocument.js';

/** An email address or phone number to write, with an optional TYPE (`work`, `home`, `cell`…). */
export interface TypedValueInput {
  value: string;
  type?: string;
}

/** A postal address to write. */
export type AddressInput = Omit<PostalAddress, 'types'> & { type?: string };

/** Changes to a list of emails or phones; applied in the order remove, change, set, add. */
export interface ListEdit {
  /** Values to remove (emails case-insensitively, phones by their digits). */
  remove?: string[];
  /** Values to change in place: the line keeps its position, TYPEs and group. */
  change?: Array<{ from: string; to: string }>;
  /** Replaces every existing value. */
  set?: TypedValueInput[];
  add?: TypedValueInput[];
}

/** A new contact. A name is needed: `fullName`, name parts, an organisation or an email stand in for it. */
export interface NewContact {
  fullName?: string;
  name?: ContactName;
  emails?: TypedValueInput[];
  phones?: TypedValueInput[];
  organization?: string;
  title?: string;
  addresses?: AddressInput[];
  /** YYYY-MM-DD. */
  birthday?: string;
  note?: string;
}

/** Changes to a contact; what is absent stays exactly as it is, `null` removes a property. */
export interface ContactPatch {
  fullName?: string;
  /** Merged into the existing name parts ('' clears a part). */
  name?: ContactName;
  organization?: string | null;
  title?: string | null;
  birthday?: string | null;
  note?: string | null;
  emails?: ListEdit;
  phones?: ListEdit;
  addresses?: { set?: AddressInput[]; add?: AddressInput[] };
}

type Kind = 'email' | 'tel';

function typeParams(type: string | undefined): Record<string, unknown> {
  return type === undefined || type === '' ? {} : { type: type.toUpperCase() };
}

function valueProp(kind: Kind, input: TypedValueInput, version: string): JCardProperty {
  const valueType = kind === 'tel' && version === '3.0' ? 'phone-number' : 'text';
  return [kind, typeParams(input.type), valueType, input.value];
}

function addressProp(input: AddressInput): JCardProperty {
  return ['adr', typeParams(input.type), 'text', ADDRESS_PARTS.map((part) => input[part] ?? '')];
}

function checkBirthday(value: string): string {
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(time)) {
    throw new NextcloudError('bad_request', 'birthday must be a date, YYYY-MM-DD');
  }
  return value;
}

function composeName(name: ContactName | undefined): string | undefined {
  if (!name) return undefined;
  const parts = [name.prefix, name.given, name.middle, name.family, name.suffix].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function nameValue(name: ContactName): string[] {
  return NAME_PARTS.map((part) => name[part] ?? '');
}

function sameValue(kind: Kind, a: string, b: string): boolean {
  // Phone numbers are written in many ways (+1 555 0100, +15550100): compare what is dialled.
  if (kind === 'tel') return a.replace(/[^\d+]/g, '') === b.replace(/[^\d+]/g, '');
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function find(doc: VCardDocument, kind: Kind, value: string): JCardProperty {
  const found = doc
    .properties(kind)
    .find((prop) => typeof prop[3] === 'string' && sameValue(kind, prop[3], value));
  if (!found) {
    throw new NextcloudError(
      'bad_request',
      `the contact has no ${kind === 'tel' ? 'phone' : 'email'} "${value}"`,
    );
  }
  return found;
}

// An Apple label (`item1.X-ABLabel`) belongs to its group: it goes when nothing else is left in it.
function removeWithOrphanLabels(doc: VCardDocument, prop: JCardProperty): void {
  doc.remove(prop);
  const group = prop[1].group;
  if (typeof group !== 'string') return;
  const members = doc.all().filter((other) => String(other[1].group).toLowerCase() === group.toLowerCase());
  if (members.every((member) => member[0].startsWith('x-ab')))
    for (const member of members) doc.remove(member);
}

function editList(doc: VCardDocument, kind: Kind, edit: ListEdit | undefined): void {
  if (!edit) return;
  for (const value of edit.remove ?? []) removeWithOrphanLabels(doc, find(doc, kind, value));
  for (const { from, to } of edit.change ?? []) {
    const current = find(doc, kind, from);
    doc.replace(current, [current[0], { ...current[1] }, current[2], to]);
  }
  if (edit.set) for (const prop of doc.properties(kind)) removeWithOrphanLabels(doc, prop);
  for (const input of [...(edit.set ?? []), ...(edit.add ?? [])])
    doc.add(valueProp(kind, input, doc.version));
}

// Sets the first property `name` in place (keeping its parameters and group), or adds it; null removes all.
function setSingle(doc: VCardDocument, name: string, value: unknown, valueType = 'text'): void {
  const [current] = doc.properties(name);
  if (value === null) {
    for (const prop of doc.properties(name)) removeWithOrphanLabels(doc, prop);
    return;
  }
  if (current) doc.replace(current, [current[0], { ...current[1] }, current[2], value]);
  else doc.add([name, {}, valueType, value]);
}

/** Applies `patch` to `doc`, touching only the properties it names. */
export function applyPatch(doc: VCardDocument, patch: ContactPatch): void {
  if (patch.name) {
    const current = doc.properties('n')[0]?.[3];
    const parts = Array.isArray(current) ? current.map(String) : [];
    const before: ContactName = {};
    NAME_PARTS.forEach((part, index) => {
      if (parts[index]) before[part] = parts[index];
    });
    const after: ContactName = { ...before, ...patch.name };
    setSingle(doc, 'n', nameValue(after));
    // A display name that was the composed name follows the new parts, unless one is given.
    const fullName = doc.firstText('fn');
    if (patch.fullName === undefined && (fullName === undefined || fullName === composeName(before))) {
      const composed = composeName(after);
      if (composed !== undefined) setSingle(doc, 'fn', composed);
    }
  }
  if (patch.fullName !== undefined) setSingle(doc, 'fn', patch.fullName);
  if (patch.organization !== undefined) {
    const current = doc.properties('org')[0]?.[3];
    const department = Array.isArray(current) ? current.slice(1) : [];
    setSingle(doc, 'org', patch.organization === null ? null : [patch.organization, ...department]);
  }
  if (patch.title !== undefined) setSingle(doc, 'title', patch.title);
  if (patch.note !== undefined) setSingle(doc, 'note', patch.note);
  if (patch.birthday !== undefined) {
    const [current] = doc.properties('bday');
    if (current) doc.remove(current);
    if (patch.birthday !== null) doc.add(['bday', {}, 'date', checkBirthday(patch.birthday)]);
  }
  editList(doc, 'email', patch.emails);
  editList(doc, 'tel', patch.phones);
  if (patch.addresses?.set) for (const prop of doc.properties('adr')) removeWithOrphanLabels(doc, prop);
  for (const input of [...(patch.addresses?.set ?? []), ...(patch.addresses?.add ?? [])]) {
    doc.add(addressProp(input));
  }
}

/** Writes a new vCard 3.0 for `input` with `uid`; a contact without any name is a `bad_request`. */
export function buildCard(input: NewContact, uid: string): VCardDocument {
  const fullName =
    input.fullName || composeName(input.name) || input.organization || input.emails?.[0]?.value;
  if (!fullName) throw new NextcloudError('bad_request', 'a contact needs a name (fullName or name parts)');
  const props: JCardProperty[] = [
    ['prodid', {}, 'text', '-//nc-mcp//Nextcloud MCP//EN'],
    ['uid', {}, 'text', uid],
    ['fn', {}, 'text', fullName],
    ['n', {}, 'text', nameValue(input.name ?? {})],
  ];
  for (const email of input.emails ?? []) props.push(valueProp('email', email, '3.0'));
  for (const phone of input.phones ?? []) props.push(valueProp('tel', phone, '3.0'));
  if (input.organization) props.push(['org', {}, 'text', [input.organization]]);
  if (input.title) props.push(['title', {}, 'text', input.title]);
  for (const address of input.addresses ?? []) props.push(addressProp(address));
  if (input.birthday) props.push(['bday', {}, 'date', checkBirthday(input.birthday)]);
  if (input.note) props.push(['note', {}, 'text', input.note]);
  return VCardDocument.create(props);
}
