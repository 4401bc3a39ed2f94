/** Growing waits while Nextcloud keeps answering 429/503; back to the start after a success. */
export interface RateLimitBackoff {
  /** The next wait in milliseconds. */
  next(): number;
  reset(): void;
}

/** Doubles from `baseMs` up to `maxMs`, with up to 20 % jitter so workers do not return in lockstep. */
export function createRateLimitBackoff(baseMs: number, maxMs: number): RateLimitBackoff {
  let streak = 0;
  return {
    next() {
      const wait = Math.min(baseMs * 2 ** streak, maxMs);
      streak = Math.min(streak + 1, 30);
      return Math.round(wait * (1 + Math.random() * 0.2));
    },
    reset() {
      streak = 0;
    },
  };
}
