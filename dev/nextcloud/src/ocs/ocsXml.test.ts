import { describe, expect, it } from 'vitest';
import { toOcsXml } from './ocsXml.js';

describe('toOcsXml', () => {
  it('writes Nextcloud’s OCS XML: one-space indent, <x/> for empty arrays and null, 1 for true, <x></x> for ""', () => {
    const xml = toOcsXml({
      ocs: {
        meta: { status: 'ok', statuscode: 200, message: 'OK' },
        data: { a: true, b: '', c: [], d: null, e: ['x'], f: 'R&D' },
      },
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0"?>',
        '<ocs>',
        ' <meta>',
        '  <status>ok</status>',
        '  <statuscode>200</statuscode>',
        '  <message>OK</message>',
        ' </meta>',
        ' <data>',
        '  <a>1</a>',
        '  <b></b>',
        '  <c/>',
        '  <d/>',
        '  <e>',
        '   <element>x</element>',
        '  </e>',
        '  <f>R&amp;D</f>',
        ' </data>',
        '</ocs>',
        '',
      ].join('\n'),
    );
  });
});
