import { describe, expect, it } from 'vitest';
import { sameResource } from './configuration.js';

describe('sameResource', () => {
  it('counts the loopback spellings of one port and path as one resource', () => {
    expect(sameResource('http://127.0.0.1:3000/mcp', 'http://localhost:3000/mcp')).toBe(true);
    expect(sameResource('http://[::1]:3000/mcp', 'http://127.0.0.1:3000/mcp')).toBe(true);
  });

  it('keeps other ports, paths, schemes and hosts apart', () => {
    expect(sameResource('http://127.0.0.1:3000/mcp', 'http://localhost:3001/mcp')).toBe(false);
    expect(sameResource('http://127.0.0.1:3000/mcp', 'http://localhost:3000/other/mcp')).toBe(false);
    expect(sameResource('http://127.0.0.1:3000/mcp', 'https://localhost:3000/mcp')).toBe(false);
    expect(sameResource('http://mcp.example:3000/mcp', 'http://localhost:3000/mcp')).toBe(false);
  });
});
