import { z } from 'zod';
import { checkPathInput, filePathInput } from '../files/fileShapes.js';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';
import { ToolInputError } from '../toolErrors.js';
import { shareFailure, shareShape, toShareOutput } from './shareShapes.js';

/** `nc_shares_list`: the caller's shares (all, or one item's), or what others shared with them. */
export const listSharesTool = defineTool({
  name: 'nc_shares_list',
  title: 'List shares',
  description:
    'List shares: "mine" (optionally of one path, or of the items inside a folder with children: true) ' +
    'or "with_me" (what others shared with you).',
  family: 'sharing',
  scopes: [SCOPES.sharingRead],
  inputSchema: {
    which: z.enum(['mine', 'with_me']).default('mine'),
    path: filePathInput.optional().describe('Only the shares of this file or folder (with "mine")'),
    children: z.boolean().default(false).describe('With path: the shares of the items inside that folder'),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).max(100_000).default(0),
  },
  outputSchema: {
    shares: z.array(z.object(shareShape)),
    total: z.number().int(),
    truncated: z.boolean(),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run({ which, path, children, limit, offset }, { nextcloud }) {
    if (which === 'with_me' && path !== undefined) throw new ToolInputError('path: only with which: "mine"');
    if (children && path === undefined) throw new ToolInputError('children: needs a folder path');
    const target = path === undefined ? undefined : checkPathInput('path', path);
    const shares = await nextcloud.sharing
      .list(
        which === 'with_me'
          ? { sharedWithMe: true }
          : { ...(target === undefined ? {} : { path: target, children }) },
      )
      .catch((error: unknown) =>
        shareFailure(error, `Not found: "${target}" does not exist.`, 'Nextcloud refused this listing.'),
      );
    const page = shares.slice(offset, offset + limit).map(toShareOutput);
    return { shares: page, total: shares.length, truncated: offset + page.length < shares.length };
  },
});
