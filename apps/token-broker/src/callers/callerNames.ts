/** Every identity the broker knows; a key or certificate for any other name is refused. */
export const CALLER_NAMES = ['mcp-server', 'background-worker'] as const;

/** A known caller identity. */
export type CallerName = (typeof CALLER_NAMES)[number];

/** Whether `value` names a known caller. */
export function isCallerName(value: unknown): value is CallerName {
  return typeof value === 'string' && (CALLER_NAMES as readonly string[]).includes(value);
}
