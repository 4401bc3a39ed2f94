import { rawRequest } from '../rawRequest.js';
import { compareJson, type JsonCompareOptions } from './compareJson.js';
import { compareXml, type MultistatusOptions } from './compareXml.js';
import type { Fixture } from './fixtures.js';
import type { ValueMap } from './valueMap.js';

/** The recorded server's base URL (README: "Base URL"). */
export const RECORDED_BASE = 'http://127.0.0.1:8080';

/** Credentials substituted for the fixtures' placeholders. */
export interface ReplayCredentials {
  readonly user: string;
  readonly appPassword: string;
  readonly accessToken: string;
  /** App passwords of other users the fixtures sign in as (`Basic <bob:app-password>`). */
  readonly others?: Readonly<Record<string, string>>;
}

/** Per-fixture deviations, each with a reason in the rule table. */
export interface FixtureRule extends MultistatusOptions {
  /** Rewrites the (already id-substituted) request path. */
  readonly rewritePath?: (path: string) => string;
  /** Sends the request body as recorded: its numbers are values, not ids (permissions 19 vs share id 19). */
  readonly keepBody?: boolean;
  /** JSON subset rules (see {@link JsonCompareOptions.subsets}). */
  readonly subsets?: JsonCompareOptions['subsets'];
  /** The recording made this exchange in the same second as the one before: the replay clock stays. */
  readonly sameSecond?: boolean;
}

/** Shared state of one replay run. */
export interface ReplayContext {
  readonly baseUrl: string;
  readonly ids: ValueMap;
  readonly credentials: ReplayCredentials;
}

// Headers whose presence (or absence) must match the recording; values differ run to run.
const PRESENCE = ['etag', 'oc-etag', 'oc-fileid', 'last-modified', 'x-notes-chunk-cursor'];
// Headers whose value must match exactly.
const EXACT = [
  'content-type',
  'www-authenticate',
  'dav',
  'allow',
  'x-notes-api-versions',
  'x-notes-chunk-pending',
  'x-oc-mtime',
  'x-nc-permissions',
  'x-nc-ownerid',
  'content-range',
  'content-disposition',
];

function authorization(value: string, credentials: ReplayCredentials): string {
  const basic = (password: string) =>
    `Basic ${Buffer.from(`${credentials.user}:${password}`).toString('base64')}`;
  if (value === `Basic <fixture:app-password>`) return basic(credentials.appPassword);
  if (value === `Basic <fixture:wrong-password>`) return basic(`${credentials.appPassword}-wrong`);
  const other = /^Basic <([^:>]+):app-password>$/.exec(value);
  const otherPassword = other?.[1] ? credentials.others?.[other[1]] : undefined;
  if (other?.[1] && otherPassword !== undefined) {
    return `Basic ${Buffer.from(`${other[1]}:${otherPassword}`).toString('base64')}`;
  }
  const bearer = /^(bearer) <access-token>$/i.exec(value);
  if (bearer) return `${bearer[1]} ${credentials.accessToken}`;
  if (value.includes('<'))
    throw new Error(`unsupported credential placeholder ${value}; exclude this fixture`);
  return value; // the literal garbage bearer
}

const lower = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

const unquote = (etag: string): string => etag.replace(/^"|"$/g, '');

/** Replays one fixture against the double and returns every difference found (empty = conforms). */
export async function replay(
  fixture: Fixture,
  ctx: ReplayContext,
  rule: FixtureRule = {},
): Promise<string[]> {
  const { ids } = ctx;
  const problems: string[] = [];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fixture.request.headers)) {
    headers[name] =
      name.toLowerCase() === 'authorization'
        ? authorization(value, ctx.credentials)
        : ids.apply(value.replaceAll(RECORDED_BASE, ctx.baseUrl));
  }
  let path = ids.apply(fixture.request.path);
  if (rule.rewritePath) path = rule.rewritePath(path);
  const body =
    fixture.request.body === null
      ? undefined
      : rule.keepBody
        ? fixture.request.body
        : ids.apply(fixture.request.body);
  const response = await rawRequest(ctx.baseUrl, fixture.request.method, path, headers, body);

  const expected = fixture.response;
  if (response.status !== expected.status) {
    problems.push(
      `status: expected ${expected.status}, got ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`,
    );
    return problems;
  }
  const want = lower(expected.headers);
  const got = response.headers;
  for (const name of PRESENCE) {
    if (name in want !== name in got)
      problems.push(`header ${name}: ${name in want ? 'missing' : 'unexpected'}`);
  }
  for (const name of EXACT) {
    if (want[name] !== got[name] && (name in want || name !== 'content-type')) {
      problems.push(
        `header ${name}: expected ${JSON.stringify(want[name])}, got ${JSON.stringify(got[name])}`,
      );
    }
  }

  const notes = fixture.request.path.includes('/apps/notes/api/');
  const recordedFileId = /^0*(\d+)oc/.exec(want['oc-fileid'] ?? '')?.[1];
  const actualFileId = /^0*(\d+)oc/.exec(got['oc-fileid'] ?? '')?.[1];
  if (recordedFileId && actualFileId) ids.expectSame('OC-FileId', recordedFileId, actualFileId, problems);
  if (want.etag && got.etag) {
    if (notes) ids.expectSame('ETag header', unquote(want.etag), unquote(got.etag), problems);
    else ids.learn(unquote(want.etag), unquote(got.etag));
  }
  if (want['x-notes-chunk-cursor'] && got['x-notes-chunk-cursor']) {
    ids.learn(want['x-notes-chunk-cursor'], got['x-notes-chunk-cursor']);
  }

  const text = response.body.toString('utf8');
  const options = {
    ids,
    recordedBase: RECORDED_BASE,
    actualBase: ctx.baseUrl,
    notes,
    ...(fixture.request.path.includes('/apps/files_sharing/') ? { shares: true } : {}),
    ...(rule.subsets ? { subsets: rule.subsets } : {}),
    ...(rule.ignoreHrefs ? { ignoreHrefs: true } : {}),
    ...(rule.ignoreErrorMessage ? { ignoreErrorMessage: true } : {}),
    ...(rule.hrefIds ? { hrefIds: true } : {}),
    ...(rule.maskUnixTimes ? { maskUnixTimes: true } : {}),
  };
  const contentType = want['content-type'] ?? '';
  if (expected.body !== '' && contentType.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${text.slice(0, 200)}`);
      return problems;
    }
    compareJson(JSON.parse(expected.body), parsed, options, problems);
  } else if (expected.body !== '' && contentType.includes('xml')) {
    compareXml(expected.body, text, options, problems);
  } else if (text !== expected.body.replaceAll(RECORDED_BASE, ctx.baseUrl)) {
    problems.push(
      `body: expected ${JSON.stringify(expected.body.slice(0, 200))}, got ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
  return problems;
}
