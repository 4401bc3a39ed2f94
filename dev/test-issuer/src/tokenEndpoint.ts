import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.js';

/** How the token endpoint answers one request; `'hang'` never answers (until the issuer closes). */
export type TokenEndpointAnswer = 'hang' | { status: number; body: unknown };

/** A token endpoint whose every answer the test sets, recording what it was sent. */
export interface ScriptedTokenEndpoint {
  /** Sets the next answers, in order; the last one repeats. */
  script(...answers: [TokenEndpointAnswer, ...TokenEndpointAnswer[]]): void;
  /** Form bodies received, in order. */
  readonly forms: URLSearchParams[];
  /** `Authorization` headers received, in order (`''` when absent). */
  readonly authorizations: string[];
}

/** The answer before any script: a plain OAuth error, so an unscripted call fails fast. */
const UNSCRIPTED: TokenEndpointAnswer = { status: 400, body: { error: 'unsupported_grant_type' } };

/** Creates a {@link ScriptedTokenEndpoint} plus its request handler and a way to drop hanging requests. */
export function createTokenEndpoint() {
  let answers: TokenEndpointAnswer[] = [UNSCRIPTED];
  const forms: URLSearchParams[] = [];
  const authorizations: string[] = [];
  const hanging = new Set<ServerResponse>();

  const endpoint: ScriptedTokenEndpoint = {
    script: (...next) => {
      answers = [...next];
    },
    forms,
    authorizations,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    forms.push(new URLSearchParams(body));
    authorizations.push(req.headers.authorization ?? '');
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer === undefined || answer === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    sendJson(res, answer.status, answer.body);
  };
  const dropHanging = (): void => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  };
  return { endpoint, handle, dropHanging };
}
