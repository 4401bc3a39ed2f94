/** What the bench needs of a connected MCP client, whichever SDK and protocol era is underneath. */
export interface BenchClient {
  callTool(params: {
    name: string;
    arguments?: Record<string, unknown>;
  }): Promise<{ isError?: boolean; structuredContent?: unknown }>;
  close(): Promise<void>;
}

/** Connects a client to `mcpUrl` with a bearer token. */
export type ConnectClient = (mcpUrl: string, token: string) => Promise<BenchClient>;
