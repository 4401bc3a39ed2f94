/**
 * Waits before retry number `attempt` (1 = the first retry): 100–200 ms, then 200–400 ms, and so on,
 * with jitter so that writers who collided once do not collide again in lockstep.
 */
export function waitBeforeRetry(attempt: number, baseMs = 100): Promise<void> {
  const floor = baseMs * 2 ** Math.max(0, attempt - 1);
  const delayMs = floor + Math.floor(Math.random() * floor);
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
