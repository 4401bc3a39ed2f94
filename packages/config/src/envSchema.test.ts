import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allOrNone,
  ConfigError,
  type CrossFieldRules,
  envBoolean,
  envList,
  envPort,
  envPostgresUrl,
  envQueuePrefix,
  envRedisUrl,
  envString,
  envUrl,
  parseEnv,
  rawBoolean,
} from './envSchema.js';

const schema = z.object({
  FLAG: envBoolean(false),
  PORT: envPort(3000),
  ISSUER: envUrl().optional(),
  LIST: envList(['a']),
  SECRET: envString(),
});

describe('parseEnv', () => {
  it('applies defaults and treats empty strings as unset', () => {
    expect(parseEnv(schema, { SECRET: 's', FLAG: '', PORT: '' })).toEqual({
      FLAG: false,
      PORT: 3000,
      LIST: ['a'],
      SECRET: 's',
    });
  });

  it('accepts true/false/1/0 for booleans, any case', () => {
    expect(parseEnv(schema, { SECRET: 's', FLAG: 'TRUE' }).FLAG).toBe(true);
    expect(parseEnv(schema, { SECRET: 's', FLAG: '0' }).FLAG).toBe(false);
  });

  it('names every offending variable and never echoes a value', () => {
    let error: unknown;
    try {
      parseEnv(schema, { FLAG: 'yes', PORT: '70000', ISSUER: 'ftp://x', LIST: 'b, c' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(issues).toEqual(['FLAG', 'ISSUER', 'PORT', 'SECRET']);
    expect((error as ConfigError).message).not.toContain('yes');
  });

  it('strips a trailing slash from URLs and splits lists', () => {
    const env = parseEnv(schema, { SECRET: 's', ISSUER: 'http://idp.example/realms/x/', LIST: 'b, c,,' });
    expect(env.ISSUER).toBe('http://idp.example/realms/x');
    expect(env.LIST).toEqual(['b', 'c']);
  });
});

describe('envString', () => {
  it('reports a missing variable as required', () => {
    expect(() => parseEnv(z.object({ NEEDED: envString() }), {})).toThrow(/NEEDED: is required/);
  });
});

describe('cross-field rules', () => {
  const pair: CrossFieldRules = (raw) => [
    ...allOrNone(raw, ['CERT', 'KEY']),
    ...(rawBoolean(raw.FLAG) === true && raw.URL === undefined
      ? [{ variable: 'URL', message: 'is required when FLAG is true' }]
      : []),
  ];
  const withRules = z.object({ FLAG: envBoolean(false), PORT: envPort(3000), URL: envString().optional() });

  const issuesOf = (source: Record<string, string>): string[] => {
    try {
      parseEnv(withRules, source, pair);
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((i) => `${i.variable}: ${i.message}`);
      throw error;
    }
    return [];
  };

  it('reports a broken field and a broken cross-field rule in the same round', () => {
    const issues = issuesOf({ PORT: 'eighty', FLAG: 'true', CERT: '/c' });
    expect(issues.some((i) => i.startsWith('PORT:'))).toBe(true);
    expect(issues).toContain('URL: is required when FLAG is true');
    expect(issues.some((i) => i.startsWith('KEY: is required when CERT is set'))).toBe(true);
  });

  it('accepts all or none of a group, and the rule satisfied', () => {
    expect(issuesOf({})).toEqual([]);
    expect(issuesOf({ CERT: '/c', KEY: '/k', FLAG: '1', URL: 'x' })).toEqual([]);
  });

  it('reads raw booleans like envBoolean and leaves malformed ones undefined', () => {
    expect([rawBoolean('TRUE'), rawBoolean('0'), rawBoolean('yes'), rawBoolean(undefined)]).toEqual([
      true,
      false,
      undefined,
      undefined,
    ]);
  });
});

describe('shared service variables', () => {
  const schema = z.object({
    DATABASE_URL: envPostgresUrl(),
    REDIS_URL: envRedisUrl('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: envQueuePrefix(),
  });

  it('defaults Redis and the queue prefix, and trims what it keeps', () => {
    expect(schema.parse({})).toEqual({
      DATABASE_URL: undefined,
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'ncmcp',
    });
    expect(schema.parse({ DATABASE_URL: ' postgres://db/x ', REDIS_URL: 'rediss://h:6380 ' })).toMatchObject({
      DATABASE_URL: 'postgres://db/x',
      REDIS_URL: 'rediss://h:6380',
    });
  });

  it('refuses other schemes and unsafe prefixes', () => {
    expect(schema.safeParse({ DATABASE_URL: 'mysql://db/x' }).success).toBe(false);
    expect(schema.safeParse({ REDIS_URL: 'http://redis' }).success).toBe(false);
    expect(schema.safeParse({ QUEUE_PREFIX: 'a:b' }).success).toBe(false);
  });
});
