import { hostHeaderValidation } from '@modelcontextprotocol/node';
import type { RequestHandler } from 'express';

/**
 * DNS-rebinding defence: refuses (403) a request whose `Host` names none of `allowedHosts` (hostnames
 * without ports; IPv6 in brackets). The SDK's Node validator does the check and writes the refusal.
 */
export function hostGuard(allowedHosts: readonly string[]): RequestHandler {
  const valid = hostHeaderValidation([...allowedHosts]);
  return (req, res, next) => {
    if (valid(req, res)) next();
  };
}
