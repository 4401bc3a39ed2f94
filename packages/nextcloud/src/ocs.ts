import { type HttpCore, parseJson, protocolError } from './http.js';
import type { TokenSource } from './tokenSource.js';
import { toNextcloudError } from './toNextcloudError.js';

/** Server version and the per-app capability tree from `/ocs/v2.php/cloud/capabilities`. */
export interface Capabilities {
  version: { major: number; minor: number; micro: number; string: string; edition: string };
  /** Keyed by app (`core`, `files`, `notes`, …); shapes are the apps' own. */
  capabilities: Record<string, unknown>;
}

/** The signed-in user from `/ocs/v2.php/cloud/user`; `id` may be a hash, not the login name. */
export interface CurrentUser {
  id: string;
  displayName: string;
  email: string | null;
  groups: string[];
  language: string;
  locale: string;
  /** Bytes; negative values are Nextcloud's markers (-3 = unlimited). */
  quota: { used: number; free: number; total: number; relative: number } | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// OCS-specific codes for failures that have an HTTP equivalent (ocs/011, ocs/021, search/013).
function ocsCodeToHttpStatus(statuscode: number): number {
  if (statuscode === 997) return 401;
  if (statuscode === 998) return 404;
  if (statuscode === 996) return 500;
  return statuscode >= 400 && statuscode < 600 ? statuscode : 400;
}

/** One OCS call: a v2 path, optional query and a JSON body. */
export interface OcsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as `application/json`; never logged (it may carry a share password). */
  json?: unknown;
}

/** Calls an OCS endpoint and unwraps `{ocs:{meta,data}}`, mapping a failed `meta` like a failed status. */
export async function ocsRequest(
  http: HttpCore,
  tokenSource: TokenSource,
  request: OcsRequest,
): Promise<unknown> {
  // format=json as well as Accept: without either, OCS answers XML (ocs/006).
  const response = await http.request(tokenSource, {
    method: request.method,
    path: request.path,
    api: 'app',
    query: { ...request.query, format: 'json' },
    ...(request.json === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request.json) }),
  });
  const body = parseJson(response.text);
  if (!isObject(body) || !isObject(body.ocs) || !isObject(body.ocs.meta)) throw protocolError();
  const statuscode = Number(body.ocs.meta.statuscode);
  // v2 reports success as 200, v1 as 100 (ocs/007).
  if (statuscode !== 200 && statuscode !== 100) {
    throw toNextcloudError({
      kind: 'status',
      status: ocsCodeToHttpStatus(statuscode),
      method: request.method,
    });
  }
  return body.ocs.data;
}

/** GETs an OCS v2 endpoint and unwraps `{ocs:{meta,data}}` (see {@link ocsRequest}). */
export function ocsGet(http: HttpCore, tokenSource: TokenSource, path: string): Promise<unknown> {
  return ocsRequest(http, tokenSource, { method: 'GET', path });
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));

/** Reads the OCS capabilities document. */
export function toCapabilities(data: unknown): Capabilities {
  if (!isObject(data) || !isObject(data.version) || !isObject(data.capabilities)) throw protocolError();
  const v = data.version;
  return {
    version: {
      major: num(v.major),
      minor: num(v.minor),
      micro: num(v.micro),
      string: str(v.string),
      edition: str(v.edition),
    },
    capabilities: data.capabilities,
  };
}

/** Reads the OCS current-user document; an answer without a string `id` is a protocol error. */
export function toCurrentUser(data: unknown): CurrentUser {
  if (!isObject(data) || typeof data.id !== 'string' || data.id === '') throw protocolError();
  const quota = isObject(data.quota) ? data.quota : undefined;
  return {
    id: data.id,
    displayName: str(data['display-name'], str(data.displayname, data.id)),
    email: typeof data.email === 'string' && data.email !== '' ? data.email : null,
    groups: Array.isArray(data.groups) ? data.groups.filter((g): g is string => typeof g === 'string') : [],
    language: str(data.language),
    locale: str(data.locale),
    quota: quota && {
      used: num(quota.used),
      free: num(quota.free),
      total: num(quota.total),
      relative: num(quota.relative),
    },
  };
}
