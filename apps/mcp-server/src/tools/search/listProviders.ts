import { z } from 'zod';
import { SCOPES } from '../scopes.js';
import { defineTool } from '../toolDefinition.js';

/** `nc_search_providers`: what the unified search can search in, for this user. */
export const listProvidersTool = defineTool({
  name: 'nc_search_providers',
  title: 'List search providers',
  description:
    'List the providers of Nextcloud’s unified search for this user (files, notes, and each installed app’s). ' +
    'Pass an id to nc_unified_search; ids are not always app ids.',
  family: 'search',
  scopes: [SCOPES.searchRead],
  inputSchema: {},
  outputSchema: {
    providers: z.array(z.object({ id: z.string(), app: z.string(), name: z.string() })),
  },
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_input, { nextcloud }) {
    const providers = await nextcloud.search.listProviders();
    return {
      providers: providers.map((provider) => ({ id: provider.id, app: provider.appId, name: provider.name })),
    };
  },
});
