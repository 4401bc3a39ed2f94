import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.js';

/** Credentials of the one client allowed to introspect (client_secret_basic). */
export interface IntrospectionClient {
  clientId: string;
  clientSecret: string;
}

/** The default introspection client; the secret needs form-encoding, which catches clients that skip it. */
export const DEFAULT_INTROSPECTION_CLIENT: Readonly<IntrospectionClient> = Object.freeze({
  clientId: 'mcp-introspector',
  clientSecret: 's3cret: with spaces',
});

// RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
const formEncode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');

/** The exact `Authorization` header a correct client sends. */
export function basicAuthorization(client: IntrospectionClient): string {
  const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** RFC 7662: answers from `opaqueTokens`; unknown tokens are `{ active: false }`, wrong credentials 401. */
export async function answerIntrospection(
  req: IncomingMessage,
  res: ServerResponse,
  client: IntrospectionClient,
  opaqueTokens: ReadonlyMap<string, Record<string, unknown>>,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  if (req.headers.authorization !== basicAuthorization(client)) {
    return sendJson(res, 401, { error: 'invalid_client' });
  }
  sendJson(res, 200, opaqueTokens.get(form.get('token') ?? '') ?? { active: false });
}
