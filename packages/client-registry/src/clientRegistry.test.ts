import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClientRegistryError,
  createClientRegistry,
  DEMO_CLIENT,
  isAllowedRedirectUri,
  loadClientRegistry,
  parseClientRegistryJson,
} from './clientRegistry.js';

const acme = {
  clientId: 'acme',
  name: 'Acme',
  allowedScopes: ['notes.read'],
  redirectUris: ['https://acme.example/cb'],
};

describe('client registry', () => {
  it('contains the demo client by default and refuses dynamic clients by default', () => {
    const registry = createClientRegistry();
    expect(registry.get('nc-mcp-demo')).toBe(DEMO_CLIENT);
    expect(registry.get('someone-else')).toBeUndefined();
    expect(registry.acceptDynamicClients).toBe(false);
  });

  it('can leave the demo client out', () => {
    expect(createClientRegistry({ includeDemoClient: false }).get('nc-mcp-demo')).toBeUndefined();
  });

  it('loads clients from a JSON file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify({ clients: [acme] }));
    const registry = loadClientRegistry({ file, acceptDynamicClients: true });
    expect(registry.get('acme')?.allowedScopes).toEqual(['notes.read']);
    expect(registry.acceptDynamicClients).toBe(true);
  });

  it('names the offending field of a malformed file', () => {
    const text = JSON.stringify({ clients: [{ ...acme, allowedScopes: [] }] });
    expect(() => parseClientRegistryJson(text)).toThrow(/clients\.0\.allowedScopes/);
    expect(() => parseClientRegistryJson('{nope')).toThrow(ClientRegistryError);
  });

  it('reports an unreadable file by its variable name', () => {
    expect(() => loadClientRegistry({ file: '/nonexistent/clients.json' })).toThrow(
      /MCP_CLIENT_REGISTRY_FILE/,
    );
  });

  it('matches loopback redirect URIs on any port but exact URIs elsewhere', () => {
    expect(isAllowedRedirectUri(DEMO_CLIENT, 'http://127.0.0.1:53123/callback')).toBe(true);
    expect(isAllowedRedirectUri(DEMO_CLIENT, 'http://127.0.0.1:53123/other')).toBe(false);
    expect(isAllowedRedirectUri(acme, 'https://acme.example/cb')).toBe(true);
    expect(isAllowedRedirectUri(acme, 'https://acme.example:8443/cb')).toBe(false);
  });
});
