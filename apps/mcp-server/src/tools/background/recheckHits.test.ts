import { describe, expect, it } from 'vitest';
import { linkRef } from './recheckHits.js';

describe('the link of an indexed calendar object or contact', () => {
  it('names the collection and member in the caller’s own home', () => {
    expect(linkRef('nextcloud://calendar/personal/abc%20def.ics', 'calendar')).toEqual({
      collection: 'personal',
      member: 'abc def.ics',
    });
    expect(linkRef('nextcloud://contacts/contacts/zelda.vcf', 'contacts')).toEqual({
      collection: 'contacts',
      member: 'zelda.vcf',
    });
  });

  it('refuses links of another family, of another shape, or that cannot be decoded', () => {
    for (const link of [
      'nextcloud://contacts/contacts/zelda.vcf',
      'nextcloud://calendar/personal',
      'nextcloud://calendar/personal/a/b.ics',
      'nextcloud://calendar//x.ics',
      'nextcloud://calendar/personal/%E0%A4%A.ics',
      '/remote.php/dav/calendars/bob/personal/x.ics',
    ]) {
      expect(linkRef(link, 'calendar')).toBeUndefined();
    }
  });
});
