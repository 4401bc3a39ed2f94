import { appendToNoteTool } from './notes/appendToNote.js';
import { createNoteTool } from './notes/createNote.js';
import { deleteNoteTool } from './notes/deleteNote.js';
import { getNoteTool } from './notes/getNote.js';
import { listNotesTool } from './notes/listNotes.js';
import { searchNotesTool } from './notes/searchNotes.js';
import { updateNoteTool } from './notes/updateNote.js';
import { hasScopes } from './scopes.js';
import type { AnyToolDefinition } from './toolDefinition.js';

/** Every tool this server offers. */
export const TOOL_CATALOGUE: readonly AnyToolDefinition[] = [
  listNotesTool,
  searchNotesTool,
  getNoteTool,
  createNoteTool,
  updateNoteTool,
  appendToNoteTool,
  deleteNoteTool,
];

/** The tools a token with `scopes` may see and call. */
export function toolsAllowedFor(scopes: readonly string[], catalogue = TOOL_CATALOGUE): AnyToolDefinition[] {
  return catalogue.filter((tool) => hasScopes(scopes, tool.scopes));
}

/** Looks a tool up by name. */
export function findTool(name: string, catalogue = TOOL_CATALOGUE): AnyToolDefinition | undefined {
  return catalogue.find((tool) => tool.name === name);
}
