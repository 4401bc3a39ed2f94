import { afterEach, describe, expect, it } from 'vitest';
import { createDevNextcloudApp, DevOnlyError, startDevNextcloud } from './index.js';

const original = process.env.NODE_ENV;

afterEach(() => {
  process.env.NODE_ENV = original;
});

describe('dev-only guard', () => {
  it('refuses to build or start with NODE_ENV=production', async () => {
    process.env.NODE_ENV = 'production';
    expect(() => createDevNextcloudApp({ issuer: 'http://127.0.0.1:1' })).toThrow(DevOnlyError);
    const error = await startDevNextcloud({ issuer: 'http://127.0.0.1:1' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DevOnlyError);
    expect(error).toMatchObject({ code: 'dev_only', retryable: false });
  });
});
