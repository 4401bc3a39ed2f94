import { describe, expect, it } from 'vitest';
import { quoteEtag, unquoteEtag } from './etag.js';

describe('unquoteEtag / quoteEtag', () => {
  it('strips one pair of quotes and a weak prefix', () => {
    expect(unquoteEtag('"6d8f79733124825f2ad5252b35b526d3"')).toBe('6d8f79733124825f2ad5252b35b526d3');
    expect(unquoteEtag('W/"abc"')).toBe('abc');
    expect(unquoteEtag('abe69cb15036e962870767d38c878765')).toBe('abe69cb15036e962870767d38c878765');
    expect(unquoteEtag(null)).toBe('');
  });

  it('round-trips an etag that carries quotes of its own (webdav/051–052)', () => {
    const header = '""abc""';
    expect(quoteEtag(unquoteEtag(header))).toBe(header);
  });
});
