import { searchIndexTool } from './background/searchIndexTool.js';
import { syncNowTool } from './background/syncNow.js';
import { syncStatusTool } from './background/syncStatus.js';
import { createEventTool } from './calendar/createEvent.js';
import { deleteEventTool } from './calendar/deleteEvent.js';
import { freeBusyTool } from './calendar/freeBusy.js';
import { getEventTool } from './calendar/getEvent.js';
import { listCalendarsTool } from './calendar/listCalendars.js';
import { listEventsTool } from './calendar/listEvents.js';
import { searchCalendarTool } from './calendar/searchCalendar.js';
import { updateEventTool } from './calendar/updateEvent.js';
import { createContactTool } from './contacts/createContact.js';
import { deleteContactTool } from './contacts/deleteContact.js';
import { getContactTool } from './contacts/getContact.js';
import { listAddressBooksTool } from './contacts/listAddressBooks.js';
import { searchContactsTool } from './contacts/searchContacts.js';
import { updateContactTool } from './contacts/updateContact.js';
import { appOf, type FamilyName } from './families.js';
import { copyItemTool } from './files/copyItem.js';
import { createFolderTool } from './files/createFolder.js';
import { deleteItemTool } from './files/deleteItem.js';
import { favoriteItemTool } from './files/favoriteItem.js';
import { listFilesTool } from './files/listFiles.js';
import { listTrashTool } from './files/listTrash.js';
import { listVersionsTool } from './files/listVersions.js';
import { moveItemTool } from './files/moveItem.js';
import { readFileTool } from './files/readFile.js';
import { restoreTrashItemTool } from './files/restoreTrashItem.js';
import { restoreVersionTool } from './files/restoreVersion.js';
import { searchFilesTool } from './files/searchFiles.js';
import { statFileTool } from './files/statFile.js';
import { writeFileTool } from './files/writeFile.js';
import { appendToNoteTool } from './notes/appendToNote.js';
import { createNoteTool } from './notes/createNote.js';
import { deleteNoteTool } from './notes/deleteNote.js';
import { getNoteTool } from './notes/getNote.js';
import { listNotesTool } from './notes/listNotes.js';
import { searchNotesTool } from './notes/searchNotes.js';
import { updateNoteTool } from './notes/updateNote.js';
import { checkProvisioningStatusTool } from './provisioning/checkProvisioningStatus.js';
import { provisionNextcloudAccessTool } from './provisioning/provisionNextcloudAccess.js';
import { revokeNextcloudAccessTool } from './provisioning/revokeNextcloudAccess.js';
import { hasScopes } from './scopes.js';
import { listProvidersTool } from './search/listProviders.js';
import { unifiedSearchTool } from './search/unifiedSearch.js';
import { createShareTool } from './sharing/createShare.js';
import { deleteShareTool } from './sharing/deleteShare.js';
import { listSharesTool } from './sharing/listShares.js';
import { searchShareesTool } from './sharing/searchSharees.js';
import { updateShareTool } from './sharing/updateShare.js';
import { completeTaskTool } from './tasks/completeTask.js';
import { createTaskTool } from './tasks/createTask.js';
import { deleteTaskTool } from './tasks/deleteTask.js';
import { listTaskListsTool } from './tasks/listTaskLists.js';
import { listTasksTool } from './tasks/listTasks.js';
import { updateTaskTool } from './tasks/updateTask.js';
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
  listFilesTool,
  statFileTool,
  readFileTool,
  searchFilesTool,
  writeFileTool,
  createFolderTool,
  copyItemTool,
  moveItemTool,
  deleteItemTool,
  favoriteItemTool,
  listTrashTool,
  restoreTrashItemTool,
  listVersionsTool,
  restoreVersionTool,
  listSharesTool,
  searchShareesTool,
  createShareTool,
  updateShareTool,
  deleteShareTool,
  provisionNextcloudAccessTool,
  checkProvisioningStatusTool,
  revokeNextcloudAccessTool,
  searchIndexTool,
  syncStatusTool,
  syncNowTool,
  listProvidersTool,
  unifiedSearchTool,
  listAddressBooksTool,
  searchContactsTool,
  getContactTool,
  createContactTool,
  updateContactTool,
  deleteContactTool,
  listCalendarsTool,
  listEventsTool,
  getEventTool,
  searchCalendarTool,
  freeBusyTool,
  createEventTool,
  updateEventTool,
  deleteEventTool,
  listTaskListsTool,
  listTasksTool,
  createTaskTool,
  updateTaskTool,
  completeTaskTool,
  deleteTaskTool,
];

/** Every tool name of the catalogue (what `MCP_DISABLED_TOOLS` may name). */
export const TOOL_NAMES: readonly string[] = TOOL_CATALOGUE.map((tool) => tool.name);

/** What the operator enabled: `MCP_TOOLSETS` and `MCP_DISABLED_TOOLS`, already checked against the catalogue. */
export interface ToolSelection {
  toolsets: readonly FamilyName[];
  disabledTools: readonly string[];
}

/** The tools the operator enabled: those of an enabled family that are not disabled by name. */
export function enabledTools(selection: ToolSelection, catalogue = TOOL_CATALOGUE): AnyToolDefinition[] {
  return catalogue.filter(
    (tool) => selection.toolsets.includes(tool.family) && !selection.disabledTools.includes(tool.name),
  );
}

/** The tools a token with `scopes` may see and call. */
export function toolsAllowedFor(scopes: readonly string[], catalogue = TOOL_CATALOGUE): AnyToolDefinition[] {
  return catalogue.filter((tool) => hasScopes(scopes, tool.scopes));
}

/**
 * The tools one request offers, out of the enabled `catalogue`: those the token's scopes allow and whose
 * Nextcloud app is among `presentApps`. When the apps are unknown (`undefined`: capabilities could not
 * be read, or are not checked), the app condition is left out — a call then reports Nextcloud's state.
 */
export function toolsOffered(
  scopes: readonly string[],
  catalogue: readonly AnyToolDefinition[] = TOOL_CATALOGUE,
  presentApps?: ReadonlySet<string>,
): AnyToolDefinition[] {
  const allowed = toolsAllowedFor(scopes, catalogue);
  if (presentApps === undefined) return allowed;
  return allowed.filter((tool) => {
    const app = appOf(tool.family);
    return app === null || presentApps.has(app);
  });
}

/**
 * The scopes to read Nextcloud's capabilities with (exchange mode asks the broker for exactly these):
 * the smallest scope set among `tools`, so the read never holds more than one of those tools would.
 */
export function capabilityReadScopes(tools: readonly AnyToolDefinition[]): readonly string[] {
  let fewest: readonly string[] = [];
  for (const tool of tools.filter(needsNextcloudApp)) {
    if (fewest.length === 0 || tool.scopes.length < fewest.length) fewest = tool.scopes;
  }
  return fewest;
}

/** Looks a tool up by name. */
export function findTool(name: string, catalogue = TOOL_CATALOGUE): AnyToolDefinition | undefined {
  return catalogue.find((tool) => tool.name === name);
}

/** Whether a tool is offered only when its family's Nextcloud app is present. */
export function needsNextcloudApp(tool: AnyToolDefinition): boolean {
  return appOf(tool.family) !== null;
}
