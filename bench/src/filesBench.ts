import { obtainTokens } from '@nc-mcp/dev-idp';
import { type InProcessStack, startInProcessStack } from '@nc-mcp/dev-stack';
import type { Logger } from '@nc-mcp/logger';
import { type Measurement, measure } from './measure.js';
import type { BenchSizes } from './scenarios.js';
import { legacyClient } from './scenarios.js';
import { atMost, ratio, type Target } from './targets.js';

// The files tools through MCP (pass-through, v1 client) against the very WebDAV request each one makes,
// sent straight at the Nextcloud test double with the same token: what the MCP layer adds on top.
const LIST_ENTRIES = 1_000;
const SEARCH_FILES = 5_000;
// Files among SEARCH_FILES whose name matches the search, so the answer has a realistic size.
const SEARCH_MATCHES = 50;
const TEXT_BYTES = 1_000_000;
const SEED_CONCURRENCY = 16;
const OVERHEAD_LIMIT = 1.25;

// The bodies @nc-mcp/nextcloud sends (webdav/davPaths.ts, webdav/searchRequest.ts), so both sides ask the same.
const NAMESPACES = 'xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';
const ENTRY_PROPS =
  '<d:getetag/><d:getlastmodified/><d:getcontentlength/><d:getcontenttype/><d:resourcetype/>' +
  '<oc:fileid/><oc:permissions/><oc:size/><oc:favorite/><oc:share-types/>';
const PROPFIND_BODY = `<?xml version="1.0" encoding="UTF-8"?>\n<d:propfind ${NAMESPACES}><d:prop>${ENTRY_PROPS}</d:prop></d:propfind>`;

function searchBody(uid: string, folder: string, nameContains: string, limit: number): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<d:searchrequest ${NAMESPACES}><d:basicsearch>` +
    `<d:select><d:prop>${ENTRY_PROPS}</d:prop></d:select>` +
    `<d:from><d:scope><d:href>/files/${uid}/${folder}</d:href><d:depth>infinity</d:depth></d:scope></d:from>` +
    `<d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%${nameContains}%</d:literal></d:like></d:where>` +
    '<d:orderby><d:order><d:prop><d:getlastmodified/></d:prop><d:descending/></d:order></d:orderby>' +
    `<d:limit><d:nresults>${limit}</d:nresults></d:limit></d:basicsearch></d:searchrequest>`
  );
}

/** Row names, shared by the scenario and {@link filesTargets}. */
const ROWS = {
  list: `nc_files_list, ${LIST_ENTRIES} entries`,
  read: 'nc_files_read, 1 MB text',
  search: `nc_files_search, ${SEARCH_FILES} files`,
} as const;
const direct = (row: string) => `${row}, direct WebDAV`;

async function runBounded(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

async function seed(stack: InProcessStack, token: string): Promise<{ uid: string }> {
  const headers = { Authorization: `Bearer ${token}`, 'OCS-APIRequest': 'true', Accept: 'application/json' };
  const user = (await (
    await fetch(`${stack.nextcloud.url}/ocs/v2.php/cloud/user?format=json`, { headers })
  ).json()) as {
    ocs: { data: { id: string } };
  };
  const uid = user.ocs.data.id;
  const dav = `${stack.nextcloud.url}/remote.php/dav/files/${encodeURIComponent(uid)}`;
  const send = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${dav}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      body,
    });
    if (response.status >= 300) throw new Error(`seeding ${method} ${path}: ${response.status}`);
  };
  for (const folder of ['List', 'Read', 'Search']) await send('MKCOL', folder);
  await runBounded(LIST_ENTRIES, (i) => send('PUT', `List/entry-${String(i).padStart(4, '0')}.txt`, `${i}`));
  const line = 'The quick brown fox jumps over the lazy dog, 0123456789.\n';
  await send('PUT', 'Read/big.txt', line.repeat(Math.ceil(TEXT_BYTES / line.length)).slice(0, TEXT_BYTES));
  const every = SEARCH_FILES / SEARCH_MATCHES;
  await runBounded(SEARCH_FILES, (i) =>
    send('PUT', `Search/${i % every === 0 ? 'needle' : 'hay'}-${String(i).padStart(4, '0')}.txt`, `${i}`),
  );
  return { uid };
}

/**
 * p50 of `nc_files_list` (one folder of 1,000 entries), `nc_files_read` (a 1 MB text file) and
 * `nc_files_search` (a name match among 5,000 files) through MCP, each beside the WebDAV request the
 * tool makes (PROPFIND Depth 1 / GET / SEARCH) sent straight at the double with the same token.
 */
export async function filesScenario(options: { logger: Logger; sizes: BenchSizes }): Promise<Measurement[]> {
  const stack = await startInProcessStack({
    mode: 'pass-through',
    logger: options.logger,
    // Only the files tools are measured; Flow 2 consent (and the broker it needs) plays no part.
    mcpEnv: { ENABLE_PROGRESSIVE_CONSENT: 'false' },
  });
  try {
    const token = (
      await obtainTokens(stack.idp, {
        username: 'alice',
        password: 'alice',
        scopes: ['files.read', 'files.write'],
        resource: stack.mcpUrl,
      })
    ).access_token;
    const { uid } = await seed(stack, token);
    const client = await legacyClient(stack.mcpUrl, token);
    const dav = `${stack.nextcloud.url}/remote.php/dav`;
    const auth = { Authorization: `Bearer ${token}` };
    const tool = (name: string, args: Record<string, unknown>) => async () => {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name} failed`);
    };
    const raw =
      (method: string, path: string, headers: Record<string, string>, body?: string) => async () => {
        const response = await fetch(`${dav}${path}`, { method, headers: { ...auth, ...headers }, body });
        await response.text();
        if (response.status >= 300) throw new Error(`${method} answered ${response.status}`);
      };
    const home = `/files/${encodeURIComponent(uid)}`;
    const xml = { 'Content-Type': 'text/xml; charset=utf-8' };
    const pairs: Array<[string, () => Promise<void>, () => Promise<void>]> = [
      [
        ROWS.list,
        tool('nc_files_list', { path: 'List', limit: LIST_ENTRIES }),
        raw('PROPFIND', `${home}/List/`, { ...xml, Depth: '1' }, PROPFIND_BODY),
      ],
      [ROWS.read, tool('nc_files_read', { path: 'Read/big.txt' }), raw('GET', `${home}/Read/big.txt`, {})],
      [
        ROWS.search,
        // The tool asks for one more than its limit (to report truncation); the direct request does too.
        tool('nc_files_search', { name: 'needle', under: 'Search', limit: SEARCH_MATCHES }),
        raw('SEARCH', '/', xml, searchBody(uid, 'Search', 'needle', SEARCH_MATCHES + 1)),
      ],
    ];
    const count = Math.max(20, Math.round(options.sizes.toolCalls / 5));
    const rows: Measurement[] = [];
    for (const [name, viaMcp, straight] of pairs) {
      rows.push(await measure(name, viaMcp, { count, concurrency: 1, warmup: 5 }));
      rows.push(await measure(direct(name), straight, { count, concurrency: 1, warmup: 5 }));
    }
    await client.close();
    return rows;
  } finally {
    await stack.close();
  }
}

/** MCP p50 over direct-WebDAV p50 for each files row present in `rows` (target ≤ 1.25). */
export function filesTargets(rows: readonly Measurement[]): Record<string, Target> {
  const targets: Record<string, Target> = {};
  const p50 = (name: string) => rows.find((row) => row.name === name && row.concurrency === 1)?.p50Ms;
  for (const [key, name] of Object.entries(ROWS)) {
    const viaMcp = p50(name);
    const straight = p50(direct(name));
    if (viaMcp !== undefined && straight !== undefined)
      targets[`files${key[0]?.toUpperCase()}${key.slice(1)}VsDirectWebdavP50`] = atMost(
        ratio(viaMcp, straight),
        OVERHEAD_LIMIT,
      );
  }
  return targets;
}
