import { describe, expect, it } from 'vitest';
import { MissingSubjectError, subjectOf } from './subject.js';

const base = { token: 't', clientId: 'c', scopes: [] };

describe('subjectOf', () => {
  it('reads the verified subject from AuthInfo.extra', () => {
    const extra = { subject: 'u1', username: 'alice', audience: ['mcp-server'], tokenType: 'jwt' };
    expect(subjectOf({ ...base, extra })).toEqual(extra);
  });

  it('throws when AuthInfo did not come from the verifier', () => {
    expect(() => subjectOf(base)).toThrow(MissingSubjectError);
    expect(() => subjectOf({ ...base, extra: { subject: 'u1', audience: [], tokenType: 'saml' } })).toThrow(
      MissingSubjectError,
    );
  });
});
