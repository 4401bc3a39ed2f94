/** A token the broker obtained for this call. */
export interface BrokerIssuedToken {
  accessToken: string;
  tokenType: string;
  /** Unix seconds. */
  expiresAt: number;
  scopes: string[];
}

/** Copies the wire message into the public shape. */
export function issued(response: {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
  scopes: string[];
}): BrokerIssuedToken {
  return {
    accessToken: response.accessToken,
    tokenType: response.tokenType,
    expiresAt: response.expiresAt,
    scopes: [...response.scopes],
  };
}
