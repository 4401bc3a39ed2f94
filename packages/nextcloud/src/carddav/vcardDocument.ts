import ICAL from 'ical.js';
import { NextcloudError } from '../errors.js';
import { type ContentLine, splitContentLines } from './vcardLines.js';

/** One vCard property in jCard form (RFC 7095): name (lower case), parameters, value type, values. */
export type JCardProperty = [string, Record<string, unknown>, string, ...unknown[]];

interface Entry {
  /** The line as received; `undefined` once the property was changed or added (ical.js writes it). */
  raw: string | undefined;
  /** Undefined for BEGIN/END and for a line ical.js cannot read on its own (kept as it is). */
  prop: JCardProperty | undefined;
}

function invalid(reason: string): NextcloudError {
  return new NextcloudError('bad_request', `Not a valid vCard: ${reason}`);
}

function isProperty(value: unknown): value is JCardProperty {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'object' &&
    value[1] !== null &&
    typeof value[2] === 'string'
  );
}

// ICAL.parse answers one component, or an array of them when the text holds several.
function parseSingleCard(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch {
    throw invalid('ical.js could not parse it');
  }
  if (!Array.isArray(parsed) || parsed[0] !== 'vcard' || !Array.isArray(parsed[1])) {
    throw invalid('expected exactly one BEGIN:VCARD … END:VCARD');
  }
  return parsed[1] as unknown[];
}

// Reads one content line by letting ical.js parse it inside a minimal card of the same version.
function readLine(line: ContentLine, version: string): JCardProperty | undefined {
  try {
    const parsed: unknown = ICAL.parse(`BEGIN:VCARD\r\nVERSION:${version}\r\n${line.unfolded}\r\nEND:VCARD`);
    const props = Array.isArray(parsed) ? (parsed[1] as unknown[]) : [];
    const prop = props[1];
    return isProperty(prop) ? prop : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A vCard that can be edited without disturbing what it does not touch: every line keeps its exact
 * original text (folding, parameter spelling, groups, vendor `X-` properties, PHOTO data) unless the
 * property on it is replaced, and new or changed properties are written by ical.js.
 */
export class VCardDocument {
  private constructor(
    private readonly entries: Entry[],
    /** `3.0` or `4.0`, from the VERSION property. */
    readonly version: string,
    private readonly newline: string,
  ) {}

  /** Parses one vCard; anything ical.js cannot read as exactly one vCard is a `bad_request`. */
  static parse(text: string): VCardDocument {
    const whole = parseSingleCard(text);
    const versionProp = whole.find((prop) => isProperty(prop) && prop[0] === 'version');
    const version = isProperty(versionProp) && typeof versionProp[3] === 'string' ? versionProp[3] : '3.0';
    const { newline, lines } = splitContentLines(text);
    const first = lines[0]?.unfolded.toUpperCase();
    const last = lines[lines.length - 1]?.unfolded.toUpperCase();
    if (first !== 'BEGIN:VCARD' || last !== 'END:VCARD') throw invalid('it must start with BEGIN:VCARD');
    const entries = lines.map((line, index) => ({
      raw: line.raw,
      prop: index === 0 || index === lines.length - 1 ? undefined : readLine(line, version),
    }));
    return new VCardDocument(entries, version, newline);
  }

  /** A new vCard 3.0 made of `props` (VERSION is added first), written entirely by ical.js. */
  static create(props: readonly JCardProperty[]): VCardDocument {
    const component = new ICAL.Component(['vcard', [['version', {}, 'text', '3.0'], ...props], []]);
    return VCardDocument.parse(`${component.toString()}\r\n`);
  }

  /** The properties named `name` (case-insensitive), in card order. */
  properties(name: string): JCardProperty[] {
    const wanted = name.toLowerCase();
    return this.all().filter((prop) => prop[0] === wanted);
  }

  /** Every readable property, in card order. */
  all(): JCardProperty[] {
    return this.entries.flatMap((entry) => (entry.prop ? [entry.prop] : []));
  }

  /** The first value of the first property named `name`, when it is a string. */
  firstText(name: string): string | undefined {
    const value = this.properties(name)[0]?.[3];
    return typeof value === 'string' ? value : undefined;
  }

  /** Puts `next` where `current` is (same position); only that line is rewritten. */
  replace(current: JCardProperty, next: JCardProperty): void {
    const entry = this.entries.find((candidate) => candidate.prop === current);
    if (!entry) throw new Error('property is not part of this card');
    entry.prop = next;
    entry.raw = undefined;
  }

  /** Removes `prop`'s line. */
  remove(prop: JCardProperty): void {
    const index = this.entries.findIndex((candidate) => candidate.prop === prop);
    if (index !== -1) this.entries.splice(index, 1);
  }

  /** Adds `prop` after the last property with its name, or before END:VCARD when there is none. */
  add(prop: JCardProperty): void {
    let index = this.entries.length - 1;
    for (let i = this.entries.length - 2; i > 0; i--) {
      if (this.entries[i]?.prop?.[0] === prop[0]) {
        index = i + 1;
        break;
      }
    }
    this.entries.splice(index, 0, { raw: undefined, prop });
  }

  /** The card's text: untouched lines exactly as received, the rest as ical.js writes them. */
  toString(): string {
    const design = ICAL.design.getDesignSet(this.version === '3.0' ? 'vcard3' : 'vcard');
    const lines = this.entries.map((entry) => {
      if (entry.raw !== undefined || !entry.prop) return entry.raw ?? '';
      return ICAL.stringify.property(entry.prop, design, false).replaceAll('\r\n', this.newline);
    });
    return `${lines.join(this.newline)}${this.newline}`;
  }
}
