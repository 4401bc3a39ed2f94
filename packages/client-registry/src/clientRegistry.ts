import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** An MCP client the operator registered in advance. */
export interface RegisteredClient {
  clientId: string;
  name: string;
  /** Scopes this client may use; a token's other scopes are dropped. */
  allowedScopes: readonly string[];
  /** Redirect URIs; `http://127.0.0.1/…` and `http://localhost/…` match any port (RFC 8252 §7.3). */
  redirectUris: readonly string[];
}

/** What the verifier consults about the client that presents a token. */
export interface ClientRegistry {
  /** The registered client with this id, if any. */
  get(clientId: string): RegisteredClient | undefined;
  /** Whether clients registered dynamically at the IdP (unknown here) are accepted. */
  readonly acceptDynamicClients: boolean;
  /** Every registered client. */
  list(): readonly RegisteredClient[];
}

/** The built-in public client for local use (MCP Inspector, the tests, `pnpm start`). */
export const DEMO_CLIENT: RegisteredClient = Object.freeze({
  clientId: 'nc-mcp-demo',
  name: 'nc-mcp demo client',
  allowedScopes: Object.freeze([
    'openid',
    'profile',
    'notes.read',
    'notes.write',
    'files.read',
    'files.write',
    'sharing.read',
    'sharing.write',
    'search.read',
    'contacts.read',
    'contacts.write',
    'calendar.read',
    'calendar.write',
  ]),
  redirectUris: Object.freeze([
    'http://127.0.0.1/callback',
    'http://localhost/callback',
    'http://localhost/oauth/callback',
  ]),
});

const clientSchema = z.object({
  clientId: z.string().min(1),
  name: z.string().min(1),
  allowedScopes: z.array(z.string().min(1)).min(1),
  redirectUris: z.array(z.url()).default([]),
});
const fileSchema = z.object({ clients: z.array(clientSchema) });

/** The registry file could not be read or does not have the expected shape. */
export class ClientRegistryError extends Error {
  readonly code = 'invalid_client_registry';
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientRegistryError';
  }
}

/** Options for {@link createClientRegistry}. */
export interface ClientRegistryOptions {
  clients?: readonly RegisteredClient[];
  includeDemoClient?: boolean;
  acceptDynamicClients?: boolean;
}

/** Builds a registry from a list of clients (the demo client is added unless turned off). */
export function createClientRegistry(options: ClientRegistryOptions = {}): ClientRegistry {
  const byId = new Map<string, RegisteredClient>();
  if (options.includeDemoClient ?? true) byId.set(DEMO_CLIENT.clientId, DEMO_CLIENT);
  for (const client of options.clients ?? []) {
    if (byId.has(client.clientId) && client.clientId !== DEMO_CLIENT.clientId) {
      throw new ClientRegistryError(`clients: duplicate clientId "${client.clientId}"`);
    }
    byId.set(client.clientId, client);
  }
  const all = Object.freeze([...byId.values()]);
  return {
    get: (clientId) => byId.get(clientId),
    acceptDynamicClients: options.acceptDynamicClients ?? false,
    list: () => all,
  };
}

/** Parses the JSON registry format `{ "clients": [{ clientId, name, allowedScopes, redirectUris }] }`. */
export function parseClientRegistryJson(text: string, source = 'client registry'): RegisteredClient[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ClientRegistryError(`${source}: not valid JSON`, { cause });
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? first.path.map(String).join('.') : '';
    throw new ClientRegistryError(`${source}: ${where || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return result.data.clients;
}

/** Loads the registry from a JSON file (if given), plus the demo client unless turned off. */
export function loadClientRegistry(options: {
  file?: string;
  includeDemoClient?: boolean;
  acceptDynamicClients?: boolean;
}): ClientRegistry {
  let clients: RegisteredClient[] = [];
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (cause) {
      throw new ClientRegistryError(`MCP_CLIENT_REGISTRY_FILE: cannot read ${options.file}`, { cause });
    }
    clients = parseClientRegistryJson(text, `MCP_CLIENT_REGISTRY_FILE (${options.file})`);
  }
  return createClientRegistry({
    clients,
    includeDemoClient: options.includeDemoClient,
    acceptDynamicClients: options.acceptDynamicClients,
  });
}

/** Whether `uri` is one of the client's redirect URIs; loopback URIs match on any port. */
export function isAllowedRedirectUri(client: RegisteredClient, uri: string): boolean {
  let candidate: URL;
  try {
    candidate = new URL(uri);
  } catch {
    return false;
  }
  return client.redirectUris.some((registered) => {
    const allowed = new URL(registered);
    const loopback =
      allowed.hostname === '127.0.0.1' || allowed.hostname === 'localhost' || allowed.hostname === '[::1]';
    if (loopback && allowed.protocol === 'http:') {
      return (
        candidate.protocol === 'http:' &&
        candidate.hostname === allowed.hostname &&
        candidate.pathname === allowed.pathname &&
        candidate.search === allowed.search
      );
    }
    return candidate.href === allowed.href;
  });
}
