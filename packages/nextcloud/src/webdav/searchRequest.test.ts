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

  it('bounds the modification time with gt/lt on getlastmodified in Unix seconds', () => {
    const xml = buildSearchRequest('u', '', {
      modifiedAfter: new Date('2026-01-01T00:00:00Z'),
      modifiedBefore: new Date('2026-02-01T00:00:00.900Z'),
    });
    expect(xml).toContain(
      '<d:gt><d:prop><d:getlastmodified/></d:prop><d:literal>1767225600</d:literal></d:gt>',
    );
    expect(xml).toContain(
      '<d:lt><d:prop><d:getlastmodified/></d:prop><d:literal>1769904000</d:literal></d:lt>',
    );
    expect(xml).toContain('<d:and>');
    expect(parseXml(xml).searchrequest).toBeTruthy();
  });
});
