import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookieJar.js';

function responseSetting(...cookies: string[]): Response {
  const headers = new Headers();
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { headers });
}

describe('CookieJar', () => {
  it('sends a cookie only below its path', () => {
    const jar = new CookieJar();
    jar.store(
      new URL('http://127.0.0.1/auth'),
      responseSetting('_interaction=abc; path=/interaction/abc; httponly'),
    );
    expect(jar.header(new URL('http://127.0.0.1/interaction/abc'))).toBe('_interaction=abc');
    expect(jar.header(new URL('http://127.0.0.1/interaction/abc/login'))).toBe('_interaction=abc');
    expect(jar.header(new URL('http://127.0.0.1/interaction/abcd'))).toBeUndefined();
    expect(jar.header(new URL('http://127.0.0.1/auth'))).toBeUndefined();
  });

  it('forgets a cookie that the server expires', () => {
    const jar = new CookieJar();
    const url = new URL('http://127.0.0.1/auth');
    jar.store(url, responseSetting('_session=s1; path=/'));
    expect(jar.header(url)).toBe('_session=s1');
    jar.store(url, responseSetting('_session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    expect(jar.header(url)).toBeUndefined();
  });
});
