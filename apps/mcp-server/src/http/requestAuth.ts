import type { AuthInfo } from '@modelcontextprotocol/server';

// `bearerAuth` puts the verified token on the request as `req.auth`, where the SDK's Node adapter
// (`toNodeHandler`) reads it and hands it to the server as `authInfo`.
declare global {
  namespace Express {
    interface Request {
      auth?: AuthInfo;
    }
  }
}
