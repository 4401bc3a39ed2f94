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
      identityScopes: ['openid'],
      resourceScopes: ['notes.read', '<b>'],
      resources: ['https://mcp.example.com/mcp'],
      backgroundAccess: false,
    });
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('>Allow</button>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('Background access');
  });

  it('says that a client asking for offline_access keeps access while the user is away, escaped', () => {
    const html = consentPage({
      uid: 'abc',
      clientId: '<i>broker</i>',
      clientName: 'Token <b>broker</b>',
      username: 'alice',
      identityScopes: ['openid'],
      resourceScopes: ['notes.read', 'files.read'],
      resources: ['Nextcloud'],
      backgroundAccess: true,
    });
    const background = /<p id="background-access">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(background).toContain('Token &lt;b&gt;broker&lt;/b&gt;');
    expect(background).toContain('&lt;i&gt;broker&lt;/i&gt;');
    expect(background).toMatch(/while you are away/);
    expect(background).toMatch(/until you revoke it/);
    expect(html).not.toContain('<i>broker');
    expect(html).toContain('<li><code>notes.read</code></li><li><code>files.read</code></li>');
  });
});
