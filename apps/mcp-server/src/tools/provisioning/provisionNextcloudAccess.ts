import { z } from 'zod';
import { actionRequiredShape, OpenUrlRequired } from '../openUrl.js';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';
import { grantShape, statusOf } from './provisioningShapes.js';

const CONSENT = 'background-consent';

/** `provision_nextcloud_access`: asks the user to grant background access (Flow 2) in the browser. */
export const provisionNextcloudAccessTool = defineTool({
  name: 'provision_nextcloud_access',
  title: 'Grant background access',
  description:
    'Ask the user to let nc-mcp reach their Nextcloud while they are away (background sync). Opens a consent page at the identity provider; nothing is granted without it.',
  family: 'provisioning',
  scopes: [],
  inputSchema: {
    renew: z.boolean().optional().describe('Ask again even if access was already granted.'),
  },
  outputSchema: {
    status: z.enum(['granted', 'already_granted', 'waiting', 'declined']).optional(),
    ...grantShape,
    message: z.string().optional(),
    ...actionRequiredShape,
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run({ renew }, { provisioning, openedUrl }) {
    if (!provisioning) throw new ToolStateError('precondition', 'Background access is not offered here.');
    // A client that showed the consent URL retries the call with the user's answer.
    const answer = openedUrl(CONSENT);
    if (answer === 'declined' || answer === 'cancelled') {
      return { status: 'declined' as const, message: 'Nothing was granted.' };
    }
    const current = await provisioning.status();
    if (answer === 'accepted') {
      return current.provisioned
        ? { status: 'granted' as const, ...statusOf(current) }
        : {
            status: 'waiting' as const,
            message:
              'The consent is not complete yet. Finish it in the browser, then call check_provisioning_status.',
          };
    }
    if (current.provisioned && renew !== true) {
      return { status: 'already_granted' as const, ...statusOf(current) };
    }
    const started = await provisioning.start();
    throw new OpenUrlRequired({
      key: CONSENT,
      url: started.authorizationUrl,
      message:
        'To let nc-mcp sync your Nextcloud while you are away, sign in and approve background access on this page (valid for 10 minutes).',
    });
  },
});
