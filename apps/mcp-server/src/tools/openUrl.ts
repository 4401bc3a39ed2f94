import { z } from 'zod';

/** What a tool asks of the user: open `url` (a consent page, a sign-in) and come back. */
export interface OpenUrlRequest {
  /** Names this request among the call's input requests; the tool reads the user's answer by it. */
  key: string;
  /** An absolute https (or loopback http) URL. */
  url: string;
  /** Why, in the user's terms; shown next to the link. */
  message: string;
}

/**
 * The output field a plain (non-elicitation) answer carries; a tool that may throw
 * {@link OpenUrlRequired} spreads this into its output schema.
 */
export const actionRequiredShape = {
  actionRequired: z
    .object({ url: z.string(), message: z.string() })
    .optional()
    .describe('Present when the user must open `url` first (clients without URL elicitation).'),
};

/** How the user answered an earlier {@link OpenUrlRequest} of this call (2026-07-28 clients only). */
export type OpenUrlOutcome = 'accepted' | 'declined' | 'cancelled' | undefined;

/**
 * Thrown by a tool that needs the user to open a URL before it can go on. The tool layer turns it into
 * what the client understands: URL elicitation on 2026-07-28 (an `input_required` result), a
 * `-32042 UrlElicitationRequired` error for a 2025-era client that declared URL elicitation, and a
 * plain text answer with the link for every other client. A tool that may throw it declares an output
 * schema whose fields are all optional, since the plain answer carries only `actionRequired`.
 */
export class OpenUrlRequired extends Error {
  readonly code = 'open_url_required';
  readonly retryable = false;
  constructor(readonly request: OpenUrlRequest) {
    super(request.message);
    this.name = 'OpenUrlRequired';
  }
}
