import type { BenchClient, ConnectClient } from './benchClient.js';

/** The protocol revision the modern (v2) client pins. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

// The slice of `@modelcontextprotocol/client` used here. The package is loaded by a non-literal
// specifier so that bench/ typechecks and runs (skipping the modern scenario) before it is installed.
interface V2Client extends BenchClient {
  connect(transport: unknown): Promise<void>;
  getNegotiatedProtocolVersion(): string | undefined;
}
interface V2Module {
  Client: new (
    info: { name: string; version: string },
    options: { versionNegotiation: { mode: { pin: string } } },
  ) => V2Client;
  StreamableHTTPClientTransport: new (
    url: URL,
    options: { authProvider: { token: () => Promise<string | undefined> } },
  ) => unknown;
}

const V2_PACKAGE: string = '@modelcontextprotocol/client';

/**
 * Loads the v2 client and returns a connector pinned to 2026-07-28, or a reason to skip when the
 * package does not resolve from bench/.
 */
export async function loadModernClient(): Promise<ConnectClient | { skipped: string }> {
  let v2: V2Module;
  try {
    v2 = (await import(V2_PACKAGE)) as V2Module;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return {
      skipped: `${V2_PACKAGE} does not resolve from bench/ (it is listed in bench/package.json: run pnpm install)`,
    };
  }
  return async (mcpUrl, token) => {
    const client = new v2.Client(
      { name: 'bench', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: MODERN_PROTOCOL_VERSION } } },
    );
    await client.connect(
      new v2.StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: { token: async () => token } }),
    );
    const negotiated = client.getNegotiatedProtocolVersion();
    if (negotiated !== MODERN_PROTOCOL_VERSION) {
      await client.close();
      throw new Error(`the v2 client negotiated ${negotiated ?? 'nothing'}, not ${MODERN_PROTOCOL_VERSION}`);
    }
    return client;
  };
}
