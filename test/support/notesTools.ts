/** Every notes tool a token with both notes scopes sees, sorted. */
export const ALL_NOTES_TOOLS = [
  'nc_notes_append',
  'nc_notes_create',
  'nc_notes_delete',
  'nc_notes_get',
  'nc_notes_list',
  'nc_notes_search',
  'nc_notes_update',
];

/** The notes tools a `notes.read` token sees, sorted. */
export const READ_NOTES_TOOLS = ['nc_notes_get', 'nc_notes_list', 'nc_notes_search'];
