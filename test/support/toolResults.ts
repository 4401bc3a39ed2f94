import { expect } from 'vitest';
import type { CallToolResult, McpTestClient } from './mcpTestClient.js';

/** A tool's structured output, loosely typed for assertions. */
export type Structured = Record<string, unknown>;

/** Calls a tool through whichever SDK client is underneath. */
export function call(
  client: McpTestClient,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  return client.callTool({ name, arguments: args });
}

/** The text of a result's first content block, or `''`. */
export function text(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** The structured output of a successful result; fails the test on an error result. */
export function structured(result: CallToolResult): Structured {
  expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
  return result.structuredContent as Structured;
}

/** The message of an error result; fails the test on a successful one. */
export function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return text(result);
}
