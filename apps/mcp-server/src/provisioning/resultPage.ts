import type { Response } from 'express';

/** What the browser is told at the end of (or instead of) a Flow 2 consent. */
export interface ResultPage {
  status: number;
  title: string;
  /** Plain text; escaped here. */
  lines: readonly string[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * Sends a small self-contained page. The callback URL carries the authorization code, so the page
 * never leaks it: no caching, no referrer, no scripts, nothing loaded from anywhere.
 */
export function sendResultPage(res: Response, page: ResultPage): void {
  res
    .status(page.status)
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    })
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>` +
        '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>' +
        `</head><body><h1>${escapeHtml(page.title)}</h1>` +
        page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
        '</body></html>',
    );
}
