import { describe, expect, it } from 'vitest';
import { createCallerKeyChecker, parseCallerKeys } from './callerKeys.js';

const key = 'mcp-server-key-0123456789';

describe('caller keys', () => {
  it('accepts only the exact key of the named caller', () => {
    const checker = createCallerKeyChecker(new Map([['mcp-server', key]]));
    expect(checker.matches('mcp-server', key)).toBe(true);
    expect(checker.matches('mcp-server', `${key}x`)).toBe(false);
    expect(checker.matches('mcp-server', key.slice(0, -1))).toBe(false);
    expect(checker.matches('mcp-server', '')).toBe(false);
    expect(checker.matches('background-worker', key)).toBe(false);
  });

  it('rejects an empty list', () => {
    expect(parseCallerKeys(' , ')).toEqual({ ok: false, problems: ['must name at least one caller'] });
  });
});
