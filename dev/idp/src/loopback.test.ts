import { describe, expect, it } from 'vitest';
import { isLoopbackHttpUri, isLoopbackOrigin } from './loopback.js';

describe('isLoopbackHttpUri', () => {
  it.each([
    'http://127.0.0.1:53177/callback',
    'http://localhost:6274/oauth/callback',
    'http://[::1]:8080/cb',
    'http://127.0.0.1/',
  ])('accepts %s', (uri) => {
    expect(isLoopbackHttpUri(uri)).toBe(true);
  });

  it.each([
    'https://127.0.0.1:53177/callback',
    'http://127.0.0.2/callback',
    'http://localhost.evil.com/callback',
    'http://evil.com/?http://127.0.0.1/',
    'http://127.0.0.1:1/cb#fragment',
    'com.example.app:/callback',
  ])('refuses %s', (uri) => {
    expect(isLoopbackHttpUri(uri)).toBe(false);
  });
});

describe('isLoopbackOrigin', () => {
  it('accepts loopback origins and refuses others', () => {
    expect(isLoopbackOrigin('http://localhost:6274')).toBe(true);
    expect(isLoopbackOrigin('https://127.0.0.1:8443')).toBe(true);
    expect(isLoopbackOrigin('https://app.example.com')).toBe(false);
    expect(isLoopbackOrigin('null')).toBe(false);
  });
});
