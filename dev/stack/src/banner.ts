/** The lines `pnpm start` prints once the stack is up: where to connect and how. */
export function readyBanner(options: {
  mcpUrl: string;
  issuer: string;
  nextcloudUrl: string;
  devIdp: boolean;
  devNextcloud: boolean;
  mode: 'pass-through' | 'exchange';
  /** Whether background access (Flow 2) can be granted. */
  progressiveConsent?: boolean;
  /** Whether the background worker runs (it needs Redis). */
  backgroundWorker?: boolean;
}): string {
  const snippet = JSON.stringify(
    { mcpServers: { nextcloud: { type: 'http', url: options.mcpUrl } } },
    null,
    2,
  );
  const lines = [
    '',
    '  nc-mcp is running',
    '',
    `  MCP endpoint   ${options.mcpUrl}`,
    `  IdP (issuer)   ${options.issuer}${options.devIdp ? '   [DEV IdP]' : ''}`,
    `  Nextcloud      ${options.nextcloudUrl}${options.devNextcloud ? '   [TEST DOUBLE]' : ''}`,
    options.mode === 'exchange'
      ? '  Token mode     exchange: each tool call gets its own token from the token broker (RFC 8693)'
      : '  Token mode     pass-through (the client token goes to Nextcloud; set ENABLE_TOKEN_EXCHANGE=true to exchange)',
    options.progressiveConsent
      ? options.mode === 'exchange'
        ? `  Background     grant it at ${new URL('/provision', options.mcpUrl).href}`
        : '  Background     ask the assistant to run provision_nextcloud_access (or open /provision)'
      : '  Background     off (ENABLE_PROGRESSIVE_CONSENT=false)',
    ...(options.progressiveConsent
      ? [
          options.backgroundWorker
            ? '  Worker         syncs provisioned users (nc_search, nc_sync_status, nc_sync_now)'
            : '  Worker         not started: no Redis at REDIS_URL',
        ]
      : []),
    '',
    '  Client configuration (Claude Desktop / VS Code / Cursor style):',
    ...snippet.split('\n').map((line) => `    ${line}`),
    '',
    '  MCP Inspector:  npx @modelcontextprotocol/inspector  → Transport "Streamable HTTP", URL above,',
    '                  OAuth client id "nc-mcp-demo" (public client, no secret).',
  ];
  if (options.devIdp) lines.push('  Dev IdP users:  alice / alice   and   bob / bob');
  lines.push('', '  Ctrl-C stops everything.', '');
  return lines.join('\n');
}

/** A loud notice that a dev-only stand-in is running instead of a real service. */
export function devOnlyNotice(what: string, url: string, variable: string): string {
  const bar = '!'.repeat(78);
  return `\n${bar}\n!! ${variable} is not set: starting the ${what} at ${url}\n!! It is for local development and tests only — never use it in production.\n${bar}\n`;
}
