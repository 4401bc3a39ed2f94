/**
 * One content line of a vCard as it was on the wire: `raw` keeps its physical lines (folds included)
 * exactly, `unfolded` is the logical line (RFC 6350 §3.2: a line break followed by one space or tab
 * continues the line). Only this splitting happens by hand; what a line means is ical.js's business.
 */
export interface ContentLine {
  raw: string;
  unfolded: string;
}

/** A vCard text cut into content lines, with the line break it used (CRLF, or LF from some servers). */
export interface SplitCard {
  newline: '\r\n' | '\n';
  lines: ContentLine[];
}

/** Cuts `text` into content lines; empty physical lines are dropped (they carry nothing). */
export function splitContentLines(text: string): SplitCard {
  const newline = text.includes('\r\n') || !text.includes('\n') ? '\r\n' : '\n';
  const lines: ContentLine[] = [];
  for (const physicalWithCr of text.split('\n')) {
    const physical = physicalWithCr.endsWith('\r') ? physicalWithCr.slice(0, -1) : physicalWithCr;
    const first = physical.charAt(0);
    const previous = lines[lines.length - 1];
    if ((first === ' ' || first === '\t') && previous !== undefined) {
      previous.raw += newline + physical;
      previous.unfolded += physical.slice(1);
    } else if (physical !== '') {
      lines.push({ raw: physical, unfolded: physical });
    }
  }
  return { newline, lines };
}
