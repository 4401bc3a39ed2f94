import type { Logger } from '@nc-mcp/logger';
import type Provider from 'oidc-provider';

interface ProtocolError {
  error?: unknown;
  error_description?: unknown;
}

// Error events, each emitted as (ctx, err). Only the error code and description are logged: request
// parameters (codes, tokens, secrets, passwords) never are.
const ERROR_EVENTS = [
  'authorization.error',
  'grant.error',
  'introspection.error',
  'revocation.error',
  'registration_create.error',
  'userinfo.error',
  'jwks.error',
  'discovery.error',
  'end_session.error',
] as const;

/** Routes oidc-provider's events to the injected logger (oidc-provider itself only emits them). */
export function logProviderEvents(provider: Provider, logger: Logger): void {
  for (const event of ERROR_EVENTS) {
    // The typings declare one overload per event name (and miss registration_create.error), so a loop over
    // names needs this widening; every one of these events has the same (ctx, err) listener signature.
    provider.on(event as 'grant.error', (_ctx, err: ProtocolError) => {
      logger.info({ event, error: err.error, description: err.error_description }, 'dev-idp request refused');
    });
  }
  provider.on('server_error', (_ctx, err) => {
    logger.error({ err }, 'dev-idp server error');
  });
  provider.on('grant.success', (ctx) => {
    logger.debug(
      { grantType: ctx.oidc.params?.grant_type, clientId: ctx.oidc.client?.clientId },
      'dev-idp token issued',
    );
  });
}
