import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';
import { consentPage, loginPage } from './interactionPages.js';

describe('escapeHtml', () => {
  it('escapes every character that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('interaction pages', () => {
  it('escapes the echoed username and client id on the login page', () => {
    const html = loginPage({
      uid: 'abc',
      clientId: '<i>client</i>',
      username: '"><script>x</script>',
      error: 'bad',
    });
    expect(html).not.toContain('<script>x');
    expect(html).not.toContain('<i>client');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('action="/interaction/abc/login"');
  });

  it('renders a consent form with a single Allow button and escaped scopes', () => {
    const html = consentPage({
      uid: 'abc',
      clientId: 'c',
      username: 'alice',
      scopes: ['notes.read', '<b>'],
      resources: ['https://mcp.example.com/mcp'],
    });
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('>Allow</button>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<script');
  });
});
