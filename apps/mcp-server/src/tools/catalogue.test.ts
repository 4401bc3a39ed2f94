import { describe, expect, it } from 'vitest';
import {
  capabilityReadScopes,
  enabledTools,
  needsNextcloudApp,
  TOOL_CATALOGUE,
  TOOL_NAMES,
  toolsOffered,
} from './catalogue.js';
import { FAMILIES, FAMILY_NAMES } from './families.js';
import { SCOPES } from './scopes.js';

const ALL_SCOPES = Object.values(SCOPES);
const names = (tools: readonly { name: string }[]) => tools.map((tool) => tool.name).sort();

describe('tool families', () => {
  // Names say what a tool acts on, as users and clients know them (`nc_event_create`, `nc_shares_list`);
  // each family keeps to its own nouns, so the name tells the family.
  const NAME_PATTERNS: Record<string, RegExp> = {
    notes: /^nc_notes_[a-z]+$/,
    files: /^nc_files_[a-z_]+$/,
    sharing: /^nc_(shares_list|share_[a-z]+|sharees_search)$/,
    search: /^nc_(search_providers|unified_search)$/,
    calendar: /^nc_(calendars_list|events_list|event_[a-z]+|freebusy|calendar_search)$/,
    tasks: /^nc_(tasklists_list|tasks_list|task_[a-z]+)$/,
    contacts: /^nc_(addressbooks_list|contacts_search|contact_[a-z]+)$/,
    provisioning: /^(provision_nextcloud_access|check_provisioning_status|revoke_nextcloud_access)$/,
    background: /^nc_(search|sync_status|sync_now)$/,
  };

  it('puts every tool in a known family and names it with that family’s nouns', () => {
    for (const tool of TOOL_CATALOGUE) {
      expect(FAMILY_NAMES).toContain(tool.family);
      expect(tool.name, tool.name).toMatch(NAME_PATTERNS[tool.family] ?? /^$/);
    }
    expect(names(TOOL_CATALOGUE.filter((tool) => tool.family === 'provisioning'))).toEqual([
      'check_provisioning_status',
      'provision_nextcloud_access',
      'revoke_nextcloud_access',
    ]);
  });

  it('names the Nextcloud app each family needs', () => {
    expect(FAMILIES).toContainEqual({ name: 'notes', app: 'notes' });
    expect(FAMILIES).toContainEqual({ name: 'sharing', app: 'files_sharing' });
    // CalDAV belongs to the always-enabled core `dav` app, not to the Calendar or Tasks web apps.
    expect(FAMILIES).toContainEqual({ name: 'calendar', app: 'dav' });
    expect(FAMILIES).toContainEqual({ name: 'tasks', app: 'dav' });
  });
});

describe('enabledTools: MCP_TOOLSETS and MCP_DISABLED_TOOLS', () => {
  it('enables every tool by default', () => {
    expect(enabledTools({ toolsets: FAMILY_NAMES, disabledTools: [] })).toEqual(TOOL_CATALOGUE);
  });

  it('leaves out the tools of a family that is not enabled', () => {
    expect(enabledTools({ toolsets: [], disabledTools: [] })).toEqual([]);
  });

  it('leaves out a disabled tool and keeps the rest of its family', () => {
    const tools = enabledTools({ toolsets: ['notes'], disabledTools: ['nc_notes_delete'] });
    const notes = TOOL_NAMES.filter((name) => name.startsWith('nc_notes_'));
    expect(names(tools)).toEqual(notes.filter((name) => name !== 'nc_notes_delete').sort());
  });
});

describe('toolsOffered: scopes and app presence', () => {
  it('offers only the tools the token scopes allow', () => {
    const nextcloudTools = TOOL_CATALOGUE.filter(needsNextcloudApp);
    expect(names(toolsOffered([SCOPES.notesRead], nextcloudTools))).toEqual([
      'nc_notes_get',
      'nc_notes_list',
      'nc_notes_search',
    ]);
    expect(toolsOffered([], nextcloudTools)).toEqual([]);
    // Consent needs no resource scope (the user approves it at the IdP); the background tools read
    // only the caller's own index rows, and re-check hits with the scopes the token holds.
    expect(names(toolsOffered([]))).toEqual([
      'check_provisioning_status',
      'nc_search',
      'nc_sync_now',
      'nc_sync_status',
      'provision_nextcloud_access',
      'revoke_nextcloud_access',
    ]);
  });

  it('offers the consent tools whatever Nextcloud apps are present', () => {
    expect(names(toolsOffered([], TOOL_CATALOGUE, new Set()))).toContain('provision_nextcloud_access');
  });

  it('offers a family only when its app is present', () => {
    // Unified search is core's: present wherever `core` is, without the notes or files app.
    const families = (apps: string[]) =>
      new Set(toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, new Set(apps)).map((tool) => tool.family));
    expect(families(['core'])).toContain('search');
    expect(families(['core'])).not.toContain('notes');
    expect(families(['core'])).not.toContain('files');
    expect(families(['notes'])).not.toContain('search');
    const withNotes = families(['core', 'notes']);
    expect(withNotes.has('notes') && withNotes.has('search') && !withNotes.has('files')).toBe(true);
    expect(families(['core', 'notes', 'files'])).not.toContain('sharing');
    expect(families(['core', 'files_sharing'])).toContain('sharing');
    // Contacts are CardDAV, which the core `dav` app serves.
    expect(families(['core', 'notes', 'files', 'files_sharing'])).not.toContain('contacts');
    expect(families(['core', 'dav'])).toContain('contacts');
    expect(
      toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, new Set(['core', 'notes', 'files', 'files_sharing', 'dav'])),
    ).toEqual(TOOL_CATALOGUE);
  });

  it('falls back to the scope-allowed tools when app presence is unknown', () => {
    expect(toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, undefined)).toEqual(TOOL_CATALOGUE);
  });

  it('never offers a tool the operator did not enable, whatever the apps and scopes', () => {
    const enabled = enabledTools({ toolsets: ['notes'], disabledTools: ['nc_notes_create'] });
    expect(names(toolsOffered(ALL_SCOPES, enabled, new Set(['notes'])))).not.toContain('nc_notes_create');
  });
});

describe('capabilityReadScopes', () => {
  it('reads capabilities with the smallest scope set among the offered tools', () => {
    expect(capabilityReadScopes(TOOL_CATALOGUE)).toEqual([SCOPES.notesRead]);
    expect(capabilityReadScopes(toolsOffered([SCOPES.notesWrite]))).toEqual([SCOPES.notesWrite]);
    expect(capabilityReadScopes([])).toEqual([]);
  });
});
