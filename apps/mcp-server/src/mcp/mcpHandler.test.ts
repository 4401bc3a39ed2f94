import { describe, expect, it } from 'vitest';
import { requestIdOf } from './mcpHandler.js';

describe('requestIdOf', () => {
  it('reuses an incoming X-Request-Id of the safe alphabet and length', () => {
    expect(requestIdOf('proxy-trace.42:a_B')).toBe('proxy-trace.42:a_B');
    expect(requestIdOf('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['with spaces and quotes', 'id "forged"'],
    ['with a line break', 'id\nlevel=fatal'],
  ])('makes a fresh UUID when the header is %s', (_name, header) => {
    const id = requestIdOf(header);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(id).not.toBe(header);
  });
});
