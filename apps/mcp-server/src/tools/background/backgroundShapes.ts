import type { BackgroundCall } from '../../background/backgroundSync.js';
import type { ToolContext } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';

/** The call's background-sync access, or a curated error when this server offers none. */
export function backgroundOf(context: ToolContext): BackgroundCall {
  if (!context.background || !context.provisioning) {
    throw new ToolStateError('precondition', 'Background sync is not offered here.');
  }
  return context.background;
}

/** Whether the caller has granted background access (asked of the broker). */
export async function isGranted(context: ToolContext): Promise<boolean> {
  const status = await context.provisioning?.status();
  return status?.provisioned === true;
}

/** Refuses, saying how to grant it, unless the caller has granted background access. */
export async function requireGranted(context: ToolContext): Promise<void> {
  const background = backgroundOf(context);
  if (!(await isGranted(context))) {
    throw new ToolStateError('precondition', `Background access is not granted. ${background.howToGrant}`);
  }
}
