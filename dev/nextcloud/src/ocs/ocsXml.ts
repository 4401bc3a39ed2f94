import { escapeXml } from '../xml/escapeXml.js';

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function write(key: string, value: unknown, depth: number, out: string[]): void {
  const pad = ' '.repeat(depth);
  // PHP arrays with numeric keys become <element> in Nextcloud's OCS XML.
  const name = /^\d+$/.test(key) ? 'element' : key;
  if (isContainer(value)) {
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    if (entries.length === 0) {
      out.push(`${pad}<${name}/>`);
      return;
    }
    out.push(`${pad}<${name}>`);
    for (const [childKey, child] of entries) write(childKey, child, depth + 1, out);
    out.push(`${pad}</${name}>`);
  } else if (value === null || value === undefined) {
    out.push(`${pad}<${name}/>`);
  } else {
    // PHP's string cast: true → "1", false → "".
    const text = value === true ? '1' : value === false ? '' : String(value);
    out.push(`${pad}<${name}>${escapeXml(text)}</${name}>`);
  }
}

/** Serialises an OCS document the way Nextcloud's XMLWriter does (one-space indent, `<x/>` for empty). */
export function toOcsXml(document: Record<string, unknown>): string {
  const out: string[] = ['<?xml version="1.0"?>'];
  for (const [key, value] of Object.entries(document)) write(key, value, 0, out);
  return `${out.join('\n')}\n`;
}
