import { z } from 'zod';
import { defineTool } from '../toolDefinition.js';
import { ToolStateError } from '../toolErrors.js';
import { grantShape, statusOf } from './provisioningShapes.js';

/** `check_provisioning_status`: whether the user has granted background access, and what. */
export const checkProvisioningStatusTool = defineTool({
  name: 'check_provisioning_status',
  title: 'Background access status',
  description: 'Whether the user has granted background access to their Nextcloud, since when, and for what.',
  family: 'provisioning',
  scopes: [],
  inputSchema: {},
  outputSchema: { provisioned: z.boolean(), ...grantShape },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(_input, { provisioning }) {
    if (!provisioning) throw new ToolStateError('precondition', 'Background access is not offered here.');
    const status = await provisioning.status();
    return status.provisioned ? { provisioned: true, ...statusOf(status) } : { provisioned: false };
  },
});
