import { describe, expect, it } from 'vitest';
import { DEV_SCOPES, isMcpResource } from './scopes.js';

describe('isMcpResource', () => {
  it.each(['http://127.0.0.1:41234/mcp', 'https://mcp.example.com/mcp', 'https://example.com/nextcloud/mcp'])(
    'treats %s as the MCP server',
    (resource) => {
      expect(isMcpResource(resource)).toBe(true);
    },
  );

  it.each([
    'https://mcp.example.com/',
    'https://mcp.example.com/mcp/',
    'https://mcp.example.com/mcpx',
    'https://mcp.example.com/mcp#frag',
    'ftp://mcp.example.com/mcp',
    'urn:example:mcp',
    'not a url',
  ])('does not treat %s as the MCP server', (resource) => {
    expect(isMcpResource(resource)).toBe(false);
  });
});

describe('DEV_SCOPES', () => {
  it('lists the resource scopes', () => {
    expect(DEV_SCOPES).toEqual([
      'notes.read',
      'notes.write',
      'files.read',
      'files.write',
      'sharing.read',
      'sharing.write',
      'search.read',
      'contacts.read',
      'contacts.write',
      'calendar.read',
      'calendar.write',
    ]);
  });
});
