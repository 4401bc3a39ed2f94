import type { HttpCore } from '../http.js';
import type { TokenSource } from '../tokenSource.js';

/** What the WebDAV parts of a session share: the request core, the caller's token and uid lookup. */
export interface DavSession {
  readonly http: HttpCore;
  readonly tokenSource: TokenSource;
  /** The caller's Nextcloud uid from `cloud/user` (cached), never the username. */
  readonly userId: () => Promise<string>;
}

/** `Content-Type` of the XML bodies sent with PROPFIND and PROPPATCH. */
export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';
