import { describe, expect, it } from 'vitest';
import { FILE_URI_TEMPLATE, fileUri, parseFileUri } from './fileUri.js';

describe('file URIs', () => {
  it('formats nextcloud://files/ and the percent-encoded segments', () => {
    expect(fileUri('Docs/a b.txt')).toBe('nextcloud://files/Docs/a%20b.txt');
    expect(fileUri('My Folder/a #1 %?.txt')).toBe('nextcloud://files/My%20Folder/a%20%231%20%25%3F.txt');
    expect(FILE_URI_TEMPLATE).toBe('nextcloud://files/{+path}');
  });

  it.each([
    'report.pdf',
    'My Folder/a b.txt',
    'Hash #1/x#y.txt',
    '100%/50% off.txt',
    'What?/why?.md',
    'Ünï café/naïve résumé.txt',
    'Emoji 😀/🎉 party.txt',
    'Ünï café #1 100% ?what 😀.txt',
    '%41 not decoded twice.txt',
    'a+b=c&d;e,f@g$h!.txt',
  ])('round-trips %j', (path) => {
    expect(parseFileUri(fileUri(path))).toBe(path);
  });

  it('reads unencoded unicode and lower-case escapes the same way', () => {
    expect(parseFileUri('nextcloud://files/caf%c3%a9/é.txt')).toBe('café/é.txt');
    expect(parseFileUri('nextcloud://files//Docs//a.txt/')).toBe('Docs/a.txt');
  });

  it.each([
    'nextcloud://files/../etc/passwd',
    'nextcloud://files/Docs/../../etc',
    'nextcloud://files/%2e%2e/bob/secret.txt',
    'nextcloud://files/%2E%2E/x',
    'nextcloud://files/%252e%252e/x',
    'nextcloud://files/.%2e/x',
    'nextcloud://files/a%2f..%2fb',
    'nextcloud://files/a%2Fb.txt',
    'nextcloud://files/a%5Cb.txt',
    'nextcloud://files/a%00b.txt',
    'nextcloud://files/a%0Ab.txt',
    'nextcloud://files/%E0%A4%A',
    'nextcloud://files/%FF.txt',
    'nextcloud://files/a.txt?x=1',
    'nextcloud://files/a.txt#top',
    'nextcloud://notes/12',
    'NEXTCLOUD://files/a.txt',
    'https://files/a.txt',
    `nextcloud://files/${'a'.repeat(5000)}`,
  ])('refuses %s', (uri) => {
    expect(parseFileUri(uri)).toBeUndefined();
  });
});
