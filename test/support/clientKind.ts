/** The three MCP clients every end-to-end scenario runs with. */
export type ClientKind = 'v1-legacy' | 'v2-modern' | 'v2-auto';

/** Every client kind, in the order the suites run them. */
export const CLIENT_KINDS: readonly ClientKind[] = ['v1-legacy', 'v2-modern', 'v2-auto'];

/** The protocol era of a connection: `initialize` (2025-era) or per-request `_meta` (2026-07-28+). */
export type ProtocolEra = 'legacy' | 'modern';

/** The protocol revision a modern client pins. */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** The newest revision the v1 SDK speaks. */
export const LEGACY_PROTOCOL_VERSION = '2025-11-25';

/** What each kind must negotiate with the dual-era server (`v2-auto` prefers the modern era). */
export const EXPECTED_NEGOTIATION: Readonly<
  Record<ClientKind, { era: ProtocolEra; protocolVersion: string }>
> = {
  'v1-legacy': { era: 'legacy', protocolVersion: LEGACY_PROTOCOL_VERSION },
  'v2-modern': { era: 'modern', protocolVersion: MODERN_PROTOCOL_VERSION },
  'v2-auto': { era: 'modern', protocolVersion: MODERN_PROTOCOL_VERSION },
};
