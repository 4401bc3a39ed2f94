import { UrlElicitationRequiredError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { answerOpenUrl } from './answerOpenUrl.js';

const request = { key: 'consent', url: 'https://idp.example.test/consent', message: 'Grant access' };

describe('answerOpenUrl', () => {
  it('throws the -32042 URL elicitation error for a 2025-era client that declared URL elicitation', () => {
    let thrown: unknown;
    try {
      answerOpenUrl(request, { era: 'legacy', capabilities: { elicitation: { url: {} } } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UrlElicitationRequiredError);
    const elicitation = (thrown as UrlElicitationRequiredError).elicitations[0];
    expect(elicitation).toMatchObject({ mode: 'url', url: request.url, message: request.message });
    expect(elicitation?.elicitationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives a 2025-era client with only form elicitation the plain link', () => {
    const answer = answerOpenUrl(request, { era: 'legacy', capabilities: { elicitation: { form: {} } } });
    expect(JSON.stringify(answer)).toContain(request.url);
    expect(answer).not.toHaveProperty('inputRequests');
  });
});
