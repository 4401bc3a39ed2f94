import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestIssuer, type TestIssuer } from './startTestIssuer.js';

let idp: TestIssuer;
beforeEach(async () => {
  idp = await startTestIssuer();
});
afterEach(() => idp?.close());

const postToken = (form: Record<string, string>, authorization = 'Basic YnJva2VyOnB3') =>
  fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

describe('the scripted token endpoint', () => {
  it('answers an unscripted request with an OAuth error', async () => {
    const response = await postToken({ grant_type: 'client_credentials' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('answers in the scripted order, repeating the last answer', async () => {
    idp.tokenEndpoint.script(
      { status: 503, body: 'maintenance' },
      { status: 200, body: { access_token: 'a', token_type: 'Bearer' } },
    );
    const first = await postToken({ grant_type: 'x' });
    expect([first.status, await first.text()]).toEqual([503, 'maintenance']);
    for (let i = 0; i < 2; i += 1) {
      const next = await postToken({ grant_type: 'x' });
      expect([next.status, await next.json()]).toEqual([200, { access_token: 'a', token_type: 'Bearer' }]);
    }
    expect(idp.requests.token).toBe(3);
  });

  it('records the form bodies and Authorization headers it receives', async () => {
    idp.tokenEndpoint.script({ status: 200, body: {} });
    await (await postToken({ grant_type: 'a', scope: 'notes.read' }, 'Basic one')).text();
    await (await postToken({ grant_type: 'b' }, '')).text();
    expect(idp.tokenEndpoint.forms.map((form) => Object.fromEntries(form))).toEqual([
      { grant_type: 'a', scope: 'notes.read' },
      { grant_type: 'b' },
    ]);
    expect(idp.tokenEndpoint.authorizations).toEqual(['Basic one', '']);
  });

  it('never answers a hanging request, and drops it on close', async () => {
    idp.tokenEndpoint.script('hang');
    let settled = false;
    const pending = postToken({ grant_type: 'x' }).finally(() => {
      settled = true;
    });
    await vi.waitFor(() => expect(idp.tokenEndpoint.forms).toHaveLength(1));
    // Other endpoints still answer while the token request hangs.
    expect((await fetch(`${idp.issuer}/jwks`)).status).toBe(200);
    expect(settled).toBe(false);
    await idp.close();
    await expect(pending).rejects.toThrow();
  });
});
