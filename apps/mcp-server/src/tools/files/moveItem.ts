import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { transferInputShape, transferItem, transferOutputShape } from './transferItem.js';

/** `nc_files_move`: moves or renames a file or folder, never replacing by accident. */
export const moveItemTool = defineTool({
  name: 'nc_files_move',
  title: 'Move or rename a file or folder',
  description:
    'Move or rename a file or folder. An existing item at "to" is a conflict unless overwrite: true ' +
    '(then it goes to the trash bin). The destination folder must exist.',
  family: 'files',
  scopes: [SCOPES.filesWrite],
  inputSchema: transferInputShape,
  outputSchema: transferOutputShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(input, { nextcloud }) {
    return transferItem(nextcloud, 'move', input);
  },
});
