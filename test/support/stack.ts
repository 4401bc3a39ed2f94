import { startInProcessStack } from '@nc-mcp/dev-stack';
import { type CapturedLogs, captureLogs } from '@nc-mcp/logger';

/** The in-process stack plus everything its services logged. */
export type Stack = Awaited<ReturnType<typeof startInProcessStack>> & { logs: CapturedLogs };

/**
 * Starts dev IdP, Nextcloud test double, broker (exchange mode) and MCP server on ephemeral ports.
 * Nextcloud uids are hashed by default, as user_oidc makes them out of the box, so that every suite
 * exercises the uid discovery; pass `userIdMode: 'username'` for the other mode.
 */
export async function startStack(
  options: Omit<Parameters<typeof startInProcessStack>[0], 'logger' | 'mode'> & {
    mode?: 'pass-through' | 'exchange';
  } = {},
): Promise<Stack> {
  const logs = captureLogs('stack');
  const stack = await startInProcessStack({
    mode: 'pass-through',
    userIdMode: 'hashed',
    ...options,
    logger: logs.logger,
  });
  return Object.assign(stack, { logs });
}
