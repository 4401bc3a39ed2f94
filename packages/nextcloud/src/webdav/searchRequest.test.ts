import { describe, expect, it } from 'vitest';
import { buildSearchRequest } from './searchRequest.js';
import { parseXml } from './xml.js';

describe('buildSearchRequest', () => {
  it('combines name and content-type criteria under the user scope with a limit', () => {
    const xml = buildSearchRequest('a1b2c3', 'My Folder', {
      nameContains: 'R&D',
      contentType: 'text/*',
      limit: 5,
    });
    expect(xml).toContain('<d:href>/files/a1b2c3/My Folder</d:href>');
    expect(xml).toContain('<d:literal>%R&amp;D%</d:literal>');
    expect(xml).toContain('<d:literal>text/%</d:literal>');
    expect(xml).toContain('<d:and>');
    expect(xml).toContain('<d:nresults>5</d:nresults>');
    // Well-formed: it parses back.
    expect(parseXml(xml).searchrequest).toBeTruthy();
  });

  it('matches every name when no criterion is given', () => {
    const xml = buildSearchRequest('u', '', {});
    expect(xml).toContain('<d:href>/files/u</d:href>');
    expect(xml).toContain('<d:literal>%</d:literal>');
    expect(xml).not.toContain('<d:limit>');
  });
});
