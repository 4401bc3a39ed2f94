import { describe, expect, it } from 'vitest';
import { readContact } from './contact.js';
import { applyPatch, buildCard } from './contactEdits.js';
import { VCardDocument } from './vcardDocument.js';

// A card as Apple and other clients write it: lower-case parameters, repeated TYPEs, groups with labels,
// vendor X- properties, escaped text, a folded PHOTO, and a line folded in the middle of a value.
const PHOTO =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const RICH_CARD = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//iPhone OS 17.0//EN',
  'N:Doe;Jane;Q.;Dr.;Jr.',
  'FN:Dr. Jane Q. Doe Jr.',
  'ORG:Acme\\, Inc.;R&D',
  'TITLE:Chief Scientist',
  'item1.EMAIL;type=INTERNET;type=pref:jane@example.org',
  'item1.X-ABLabel:_$!<Other>!$_',
  'EMAIL;type=INTERNET;type=WORK:jane.doe@acme.example',
  'TEL;type=CELL;type=VOICE;type=pref:+1 555 0100',
  'item2.TEL:+1 555 0177',
  'item2.X-ABLabel:Lab',
  'ADR;type=HOME:;;1 Main St;Springfield;IL;62701;USA',
  'NOTE:Line one\\nLine two\\, with a comma',
  'X-SOCIALPROFILE;type=twitter;x-user=jane:https://twitter.com/jane',
  'X-CUSTOM;X-PARAM="quoted,value":some value',
  'BDAY;VALUE=date:1980-04-01',
  'CATEGORIES:friends,work',
  `PHOTO;ENCODING=b;TYPE=PNG:${PHOTO.slice(0, 40)}`,
  ` ${PHOTO.slice(40, 100)}`,
  ` ${PHOTO.slice(100)}`,
  'X-LONG:a value that was folded by its writer at an unusual place, not at 75 oc',
  '\ttets, with a tab',
  'UID:2b9c6d55-3c1e-4c5e-9b0b-rich',
  'REV:2024-01-01T00:00:00Z',
  'END:VCARD',
  '',
].join('\r\n');

function lines(text: string): string[] {
  return text.split('\r\n');
}

describe('VCardDocument', () => {
  it('writes an untouched card back byte for byte', () => {
    expect(VCardDocument.parse(RICH_CARD).toString()).toBe(RICH_CARD);
  });

  it('changes one phone in place: every other line stays exactly as it was', () => {
    const doc = VCardDocument.parse(RICH_CARD);
    applyPatch(doc, { phones: { change: [{ from: '+15550100', to: '+1 555 0199' }] } });
    const before = lines(RICH_CARD);
    const after = lines(doc.toString());
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, index) => (line === after[index] ? [] : [index]));
    expect(changed).toEqual([before.indexOf('TEL;type=CELL;type=VOICE;type=pref:+1 555 0100')]);
    expect(after[changed[0] ?? -1]).toBe('TEL;TYPE=CELL,VOICE,pref:+1 555 0199');
  });

  it('removes a grouped email together with its orphaned label, and nothing else', () => {
    const doc = VCardDocument.parse(RICH_CARD);
    applyPatch(doc, { emails: { remove: ['JANE@example.org'] } });
    const expected = lines(RICH_CARD).filter((line) => !line.startsWith('item1.'));
    expect(lines(doc.toString())).toEqual(expected);
  });

  it('adds after the last property of the same name and sets single properties in place', () => {
    const doc = VCardDocument.parse(RICH_CARD);
    applyPatch(doc, {
      emails: { add: [{ value: 'new@example.org', type: 'home' }] },
      title: 'Director',
      note: null,
    });
    const after = lines(doc.toString());
    const work = after.indexOf('EMAIL;type=INTERNET;type=WORK:jane.doe@acme.example');
    expect(after[work + 1]).toBe('EMAIL;TYPE=HOME:new@example.org');
    expect(after).toContain('TITLE:Director');
    expect(after.some((line) => line.startsWith('NOTE'))).toBe(false);
    const untouched = lines(RICH_CARD).filter((line) => !/^(TITLE|NOTE)/.test(line));
    expect(
      after.filter((line) => line !== 'EMAIL;TYPE=HOME:new@example.org' && line !== 'TITLE:Director'),
    ).toEqual(untouched);
  });

  it('reads the fields, a label and the photo only as present', () => {
    const contact = readContact(VCardDocument.parse(RICH_CARD));
    expect(contact).toMatchObject({
      uid: '2b9c6d55-3c1e-4c5e-9b0b-rich',
      fullName: 'Dr. Jane Q. Doe Jr.',
      name: { family: 'Doe', given: 'Jane', middle: 'Q.', prefix: 'Dr.', suffix: 'Jr.' },
      organization: 'Acme, Inc.',
      department: 'R&D',
      title: 'Chief Scientist',
      note: 'Line one\nLine two, with a comma',
      birthday: '1980-04-01',
      categories: ['friends', 'work'],
      hasPhoto: true,
    });
    expect(contact.emails[0]).toEqual({ value: 'jane@example.org', types: ['pref'], label: 'Other' });
    expect(contact.phones[1]).toEqual({ value: '+1 555 0177', types: [], label: 'Lab' });
    expect(contact.addresses[0]).toMatchObject({ types: ['home'], street: '1 Main St', city: 'Springfield' });
    expect(JSON.stringify(contact)).not.toContain(PHOTO.slice(0, 20));
  });

  it('updates the display name with the name parts when it was the composed name', () => {
    const doc = VCardDocument.parse(buildCard({ name: { given: 'Ann', family: 'Lee' } }, 'u-1').toString());
    applyPatch(doc, { name: { family: 'Lee-Smith' } });
    expect(readContact(doc)).toMatchObject({
      fullName: 'Ann Lee-Smith',
      name: { given: 'Ann', family: 'Lee-Smith' },
    });
  });

  it('builds a vCard 3.0 with ical.js that reads back to its input', () => {
    const text = buildCard(
      {
        fullName: 'Zoë Example; Jr',
        emails: [{ value: 'zoe@example.org', type: 'work' }],
        phones: [{ value: '+49 30 1234', type: 'cell' }],
        organization: 'Example, GmbH',
        title: 'CTO',
        addresses: [
          { street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE', type: 'work' },
        ],
        birthday: '1990-02-03',
        note: 'Met at FOSDEM;\nloves tea',
      },
      'uid-1',
    ).toString();
    expect(text.startsWith('BEGIN:VCARD\r\nVERSION:3.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCARD\r\n')).toBe(true);
    expect(readContact(VCardDocument.parse(text))).toMatchObject({
      uid: 'uid-1',
      fullName: 'Zoë Example; Jr',
      emails: [{ value: 'zoe@example.org', types: ['work'] }],
      phones: [{ value: '+49 30 1234', types: ['cell'] }],
      organization: 'Example, GmbH',
      addresses: [{ street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' }],
      birthday: '1990-02-03',
      note: 'Met at FOSDEM;\nloves tea',
    });
  });

  it('refuses what is not one vCard, and changes to values the card does not have', () => {
    expect(() => VCardDocument.parse('not a vcard\r\n')).toThrow(/Not a valid vCard/);
    expect(() => VCardDocument.parse('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')).toThrow(/Not a valid vCard/);
    const doc = VCardDocument.parse(RICH_CARD);
    expect(() => applyPatch(doc, { phones: { remove: ['+1 000'] } })).toThrow(/no phone/);
    expect(() => buildCard({}, 'x')).toThrow(/needs a name/);
    expect(() => buildCard({ fullName: 'x', birthday: '1.2.1990' }, 'x')).toThrow(/YYYY-MM-DD/);
  });
});
