import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { transferInputShape, transferItem, transferOutputShape } from './transferItem.js';

/** `nc_files_copy`: copies a file or folder (recursively), never replacing by accident. */
export const copyItemTool = defineTool({
  name: 'nc_files_copy',
  title: 'Copy a file or folder',
  description:
    'Copy a file or folder (with everything in it). An existing item at "to" is a conflict unless ' +
    'overwrite: true (then it goes to the trash bin). The destination folder must exist.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: transferInputShape,
  outputSchema: transferOutputShape,
  // Destructive only through overwrite: true, which replaces (and trashes) the item at "to".
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(input, { nextcloud }) {
    return transferItem(nextcloud, 'copy', input);
  },
});
