/**
 * Gives the suite's user one note, straight through the Nextcloud test double's Notes API with the same
 * pass-through token, so that `resources/list` lists something and the checks that read the first listed
 * resource (caching hints on `resources/read`) have a resource to read.
 */
export async function seedNote(nextcloudUrl: string, token: string): Promise<void> {
  const response = await fetch(`${nextcloudUrl}/index.php/apps/notes/api/v1/notes`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'OCS-APIRequest': 'true',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({
      title: 'Conformance',
      content: 'A note for the MCP conformance suite.',
      category: '',
    }),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`seeding a note failed: Notes API answered ${response.status}`);
}
