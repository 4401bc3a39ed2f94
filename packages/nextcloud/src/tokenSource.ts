/** Supplies the bearer token for one caller; async so a token can be fetched (e.g. exchanged) per call. */
export interface TokenSource {
  /** Stable key for per-caller caches (e.g. the IdP `sub`); never the token itself. */
  readonly subject: string;
  getToken(): Promise<string>;
}
