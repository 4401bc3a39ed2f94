const MAX_LENGTH = 100;

/** The Notes app's `stripMarkdown`: list markers, headline markers, underlines and emphasis removed. */
function stripMarkdown(text: string): string {
  return text
    .replace(/^\s*[*+-]\s+/gmu, '')
    .replace(/^#+\s+(.*?)\s*#*$/gmu, '$1')
    .replace(/^(=+|-+)$/gmu, '')
    .replace(/(\*+|_+)(.*?)\1/gmu, '$2');
}

/**
 * The subline the Notes search provider shows (the app's `Note::getExcerpt`): the content without
 * Markdown, without the title when it starts with it (case-insensitive), at most 100 characters plus
 * '…', line breaks as EM SPACE.
 */
export function noteExcerpt(title: string, content: string): string {
  let excerpt = stripMarkdown(content).trim();
  const titleChars = [...title];
  if (
    title !== '' &&
    [...excerpt].slice(0, titleChars.length).join('').toLowerCase() === title.toLowerCase()
  ) {
    excerpt = [...excerpt].slice(titleChars.length).join('');
  }
  excerpt = excerpt.trim();
  const chars = [...excerpt];
  if (chars.length > MAX_LENGTH) excerpt = `${chars.slice(0, MAX_LENGTH).join('')}…`;
  return excerpt.replaceAll('\n', '\u2003');
}
