import type { Request, Response } from 'express';
import { toOcsXml } from './ocsXml.js';

/** OCS API generation: v1 reports success as 100 and answers most failures with HTTP 200 (quirk 3). */
export type OcsVersion = 1 | 2;

/** A handler's outcome before it is wrapped in the version's envelope. */
export interface OcsResult {
  /** The v2 status code: 200 on success, else e.g. 403, 404, 997 (not logged in), 998 (not found). */
  readonly statuscode: number;
  readonly message?: string;
  readonly data?: unknown;
}

/** Success. */
export function ocsOk(data: unknown): OcsResult {
  return { statuscode: 200, message: 'OK', data };
}

/** Failure with an OCS status code and message. */
export function ocsFailure(statuscode: number, message: string): OcsResult {
  return { statuscode, message, data: [] };
}

/** JSON when `?format=json` or `Accept: application/json`; XML otherwise (quirk 5). */
export function wantsJson(req: Request): boolean {
  const format = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (format) return format === 'json';
  return (req.get('accept') ?? '').includes('application/json');
}

function httpStatus(version: OcsVersion, statuscode: number): number {
  if (statuscode === 997) return 401;
  if (version === 1) return 200;
  if (statuscode === 200 || statuscode === 100) return 200;
  if (statuscode === 998) return 404;
  if (statuscode === 996) return 500;
  return statuscode >= 400 && statuscode < 600 ? statuscode : 400;
}

/** Content-Type of an OCS answer in the requested format. */
export function ocsContentType(req: Request): string {
  return wantsJson(req) ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
}

/** Renders `result` in the OCS envelope of `version`, as JSON or XML; returns the body written. */
export function sendOcs(
  req: Request,
  res: Response,
  version: OcsVersion,
  result: OcsResult,
  headers: Readonly<Record<string, string>> = {},
): string {
  const ok = result.statuscode === 200;
  const meta: Record<string, unknown> = {
    status: ok ? 'ok' : 'failure',
    statuscode: ok && version === 1 ? 100 : result.statuscode,
    message: result.message ?? (ok ? 'OK' : ''),
  };
  if (version === 1) Object.assign(meta, { totalitems: '', itemsperpage: '' });
  const document = { ocs: { meta, data: result.data ?? [] } };
  const body = wantsJson(req) ? JSON.stringify(document) : toOcsXml(document);
  res.status(httpStatus(version, result.statuscode));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', ocsContentType(req));
  res.end(body);
  return body;
}
