/** Escapes text for XML content or attribute values (quotes too, as Sabre's writer does). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '&quot;';
    }
  });
}
