import type { McpServer } from '@modelcontextprotocol/server';
import type { McpServerInputs } from '../mcp/buildMcpServer.js';
import { registerFileResources } from './files/registerFileResources.js';
import { registerNoteResources } from './notes/registerNoteResources.js';

/**
 * Registers, on one request's server, the resources the token's scopes allow — the counterpart of the
 * tool registration in `buildMcpServer`: notes and files.
 */
export function registerResources(server: McpServer, inputs: McpServerInputs): void {
  registerNoteResources(server, inputs);
  registerFileResources(server, inputs);
}
