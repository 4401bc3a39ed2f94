import { type RawResponse, rawRequest } from './rawRequest.js';

/** A response with its body as text, for assertions. */
export interface TextResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** Tiny client for the double in tests: `call(method, path, { token | basic, headers, body })`. */
export function ncClient(baseUrl: string) {
  return async (
    method: string,
    path: string,
    options: {
      token?: string;
      basic?: [string, string];
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ): Promise<TextResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    if (options.basic)
      headers.Authorization = `Basic ${Buffer.from(options.basic.join(':')).toString('base64')}`;
    const response: RawResponse = await rawRequest(baseUrl, method, path, headers, options.body);
    return { status: response.status, headers: response.headers, text: response.body.toString('utf8') };
  };
}

/** Headers of an OCS JSON request. */
export const OCS_JSON = { 'OCS-APIRequest': 'true', Accept: 'application/json' };

/** The `ocs.data.id` of a cloud/user JSON answer. */
export function ocsUserId(text: string): string {
  return (JSON.parse(text) as { ocs: { data: { id: string } } }).ocs.data.id;
}
