import type { TokenSource } from '../tokenSource.js';

/** A token source with a fixed token, counting how often it was asked. */
export function staticTokenSource(subject: string, token: string): TokenSource & { calls: number } {
  const source = {
    subject,
    calls: 0,
    async getToken() {
      source.calls++;
      return token;
    },
  };
  return source;
}
