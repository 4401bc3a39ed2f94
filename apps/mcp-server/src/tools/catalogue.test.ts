import { describe, expect, it } from 'vitest';
import { capabilityReadScopes, enabledTools, TOOL_CATALOGUE, TOOL_NAMES, toolsOffered } from './catalogue.js';
import { FAMILIES, FAMILY_NAMES } from './families.js';
import { SCOPES } from './scopes.js';

const ALL_SCOPES = Object.values(SCOPES);
const names = (tools: readonly { name: string }[]) => tools.map((tool) => tool.name).sort();

describe('tool families', () => {
  it('puts every tool in a known family named in its tool name', () => {
    for (const tool of TOOL_CATALOGUE) {
      expect(FAMILY_NAMES).toContain(tool.family);
      expect(tool.name.startsWith(`nc_${tool.family}_`), tool.name).toBe(true);
    }
  });

  it('names the Nextcloud app each family needs', () => {
    expect(FAMILIES).toContainEqual({ name: 'notes', app: 'notes' });
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
    expect(names(toolsOffered([SCOPES.notesRead]))).toEqual([
      'nc_notes_get',
      'nc_notes_list',
      'nc_notes_search',
    ]);
    expect(toolsOffered([])).toEqual([]);
  });

  it('offers a family only when its app is present', () => {
    expect(toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, new Set(['core']))).toEqual([]);
    const notesOnly = toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, new Set(['core', 'notes']));
    expect(notesOnly).toEqual(TOOL_CATALOGUE.filter((tool) => tool.family === 'notes'));
    expect(toolsOffered(ALL_SCOPES, TOOL_CATALOGUE, new Set(['core', 'notes', 'files']))).toEqual(
      TOOL_CATALOGUE,
    );
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
