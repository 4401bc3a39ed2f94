import { describe, expect, it } from 'vitest';
import { checkAudience } from './claims.js';
import { TokenRejection } from './rejection.js';

const RESOURCE = 'https://mcp.example.test/mcp';
const ACCEPTED = ['mcp-server', 'nc-mcp-demo'];

function rejection(run: () => void): TokenRejection | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err as TokenRejection;
  }
}

describe('checkAudience', () => {
  it('accepts a logical audience alone, and this resource next to it', () => {
    expect(rejection(() => checkAudience(['mcp-server'], ACCEPTED, RESOURCE))).toBeUndefined();
    expect(rejection(() => checkAudience([RESOURCE, 'mcp-server'], ACCEPTED, RESOURCE))).toBeUndefined();
  });

  it('refuses a token bound to another resource even though it names an accepted audience', () => {
    const error = rejection(() =>
      checkAudience(['https://other.example.test/mcp', 'mcp-server'], ACCEPTED, RESOURCE),
    );
    expect(error).toBeInstanceOf(TokenRejection);
    expect(error).toMatchObject({ code: 'wrong_audience', detail: 'bound to another resource' });
  });

  it('compares the resource exactly (no trailing slash, path or scheme variants)', () => {
    for (const near of [`${RESOURCE}/`, 'http://mcp.example.test/mcp', 'https://mcp.example.test/mcp2']) {
      expect(rejection(() => checkAudience([near, 'mcp-server'], ACCEPTED, RESOURCE))).toMatchObject({
        code: 'wrong_audience',
        detail: 'bound to another resource',
      });
    }
  });

  it('refuses any URL audience when no resource is configured', () => {
    expect(rejection(() => checkAudience([RESOURCE, 'mcp-server'], ACCEPTED))).toMatchObject({
      code: 'wrong_audience',
      detail: 'bound to another resource',
    });
    expect(rejection(() => checkAudience(['mcp-server'], ACCEPTED))).toBeUndefined();
  });

  it('still refuses a token that names this resource but no accepted audience', () => {
    expect(rejection(() => checkAudience([RESOURCE], ACCEPTED, RESOURCE))).toMatchObject({
      code: 'wrong_audience',
    });
  });

  it('does not treat non-http URIs (urn:, plain names) as resources', () => {
    expect(rejection(() => checkAudience(['urn:example:api', 'mcp-server'], ACCEPTED))).toBeUndefined();
  });
});
