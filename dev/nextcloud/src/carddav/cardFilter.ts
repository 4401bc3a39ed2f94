import ICAL from 'ical.js';
import { DAV_NS } from '../dav/namespaces.js';
import type { XmlElement } from '../xml/parseXml.js';
import { CARD_NS } from './carddavXml.js';

const CARD = `{${CARD_NS}}`;

interface TextMatch {
  readonly text: string;
  readonly collation: string;
  readonly matchType: string;
  readonly negate: boolean;
}

// Sabre's StringUtil::textMatch: i;octet compares bytes, the casemap collations compare upper-cased text.
function textMatches(haystack: string, match: TextMatch): boolean {
  const fold = (value: string) =>
    match.collation === 'i;octet'
      ? value
      : match.collation === 'i;ascii-casemap'
        ? value.replace(/[a-z]/g, (c) => c.toUpperCase())
        : value.toUpperCase();
  const hay = fold(haystack);
  const needle = fold(match.text);
  let hit: boolean;
  switch (match.matchType) {
    case 'equals':
      hit = hay === needle;
      break;
    case 'starts-with':
      hit = hay.startsWith(needle);
      break;
    case 'ends-with':
      hit = hay.endsWith(needle);
      break;
    default:
      hit = hay.includes(needle);
  }
  return match.negate ? !hit : hit;
}

function textMatchOf(element: XmlElement): TextMatch {
  return {
    text: element.text,
    collation: element.attributes.collation ?? 'i;unicode-casemap',
    matchType: element.attributes['match-type'] ?? 'contains',
    negate: element.attributes['negate-condition'] === 'yes',
  };
}

type JCardProp = [string, Record<string, unknown>, string, ...unknown[]];

// The value Sabre matches: the property's text, structured parts joined with ';', lists with ','.
function propValue(prop: JCardProp): string {
  return prop
    .slice(3)
    .map((value) => (Array.isArray(value) ? value.map(String).join(';') : String(value)))
    .join(',');
}

function paramValues(prop: JCardProp, name: string): string[] | undefined {
  const value = prop[1][name.toLowerCase()];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

function anyOrAll(test: string | undefined, results: boolean[]): boolean {
  return test === 'allof' ? results.every(Boolean) : results.some(Boolean);
}

function propFilterMatches(props: readonly JCardProp[], filter: XmlElement): boolean {
  const name = (filter.attributes.name ?? '').toLowerCase();
  const matching = props.filter((prop) => prop[0] === name);
  if (filter.children.some((child) => child.clark === `${CARD}is-not-defined`)) return matching.length === 0;
  const tests = filter.children.filter(
    (child) => child.clark === `${CARD}text-match` || child.clark === `${CARD}param-filter`,
  );
  if (matching.length === 0) return false;
  if (tests.length === 0) return true;
  // Like Sabre: the prop-filter holds when one of the properties passes its tests.
  return matching.some((prop) =>
    anyOrAll(
      filter.attributes.test,
      tests.map((test) => {
        if (test.clark === `${CARD}text-match`) return textMatches(propValue(prop), textMatchOf(test));
        const values = paramValues(prop, test.attributes.name ?? '');
        if (test.children.some((child) => child.clark === `${CARD}is-not-defined`))
          return values === undefined;
        const match = test.children.find((child) => child.clark === `${CARD}text-match`);
        if (values === undefined) return false;
        return match === undefined || values.some((value) => textMatches(value, textMatchOf(match)));
      }),
    ),
  );
}

/** Whether a card passes an addressbook-query `<card:filter>` (anyof by default, RFC 6352 §10.5). */
export function cardMatches(data: string, filter: XmlElement | undefined): boolean {
  if (!filter) return true;
  let parsed: unknown;
  try {
    parsed = ICAL.parse(data);
  } catch {
    return false;
  }
  const props = (Array.isArray(parsed) && Array.isArray(parsed[1]) ? parsed[1] : []) as JCardProp[];
  const filters = filter.children.filter((child) => child.clark === `${CARD}prop-filter`);
  if (filters.length === 0) return true;
  return anyOrAll(
    filter.attributes.test,
    filters.map((propFilter) => propFilterMatches(props, propFilter)),
  );
}

/** `<card:limit><card:nresults>`, when given. */
export function resultLimit(report: XmlElement): number | undefined {
  const limit = report.children.find((child) => child.clark === `${CARD}limit`);
  const nresults = limit?.children.find((child) => child.clark === `${CARD}nresults`);
  const n = Number(nresults?.text.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The hrefs of a multiget. */
export function multigetHrefs(report: XmlElement): string[] {
  return report.children
    .filter((child) => child.clark === `{${DAV_NS}}href`)
    .map((child) => child.text.trim());
}
