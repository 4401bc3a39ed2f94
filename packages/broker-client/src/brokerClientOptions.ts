import type { Logger } from '@nc-mcp/logger';

/** How to reach the token broker and who this process is to it. */
export interface BrokerClientOptions {
  /** `host:port` or `dns:///host:port`. */
  address: string;
  caller: 'mcp-server' | 'background-worker';
  /** Required unless `tls` is given: sent as `x-broker-key`, never logged. */
  callerKey?: string;
  /** mTLS: the broker's CA and this caller's certificate (its CN is the caller identity). */
  tls?: { caFile: string; certFile: string; keyFile: string; serverName?: string };
  /** Per call; default 10000. */
  deadlineMs?: number;
  logger?: Logger;
}
