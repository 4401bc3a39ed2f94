import { childOf, parseXml, type XmlElement } from '../../xml/parseXml.js';
import { compareJson, type JsonCompareOptions } from './compareJson.js';

const D = '{DAV:}';
const S = '{http://sabredav.org/ns}';
const OC = '{http://owncloud.org/ns}';

/** Per-fixture relaxations of the multistatus comparison. */
export interface MultistatusOptions {
  /** Compare the number of responses and their propstats, but not which hrefs come back. */
  readonly ignoreHrefs?: boolean;
  /** Do not compare `s:message` of a Sabre error (libxml's parser wording cannot be reproduced). */
  readonly ignoreErrorMessage?: boolean;
  /** Hrefs carry file ids (`/versions/<uid>/versions/<fileid>/`): map the recorded ones before comparing. */
  readonly hrefIds?: boolean;
  /**
   * Hrefs and values carry the server clock's Unix times (trash names `x.d<time>`, deletion times,
   * version names), which the replay's clock cannot reproduce: compare them with the times masked.
   */
  readonly maskUnixTimes?: boolean;
}

const UNIX_TIME = /(?<![0-9])1[0-9]{9}(?![0-9])/g;

interface ParsedResponse {
  readonly href: string;
  /** status code → prop name → value (inner text, or `collection` for a collection resourcetype). */
  readonly propstats: Map<string, Map<string, string>>;
}

function parseMultistatus(root: XmlElement): ParsedResponse[] {
  return root.children
    .filter((child) => child.clark === `${D}response`)
    .map((response) => {
      const propstats = new Map<string, Map<string, string>>();
      for (const propstat of response.children.filter((child) => child.clark === `${D}propstat`)) {
        const status = /HTTP\/1\.1 (\d+)/.exec(childOf(propstat, `${D}status`)?.text ?? '')?.[1] ?? '?';
        const props = new Map<string, string>();
        for (const prop of childOf(propstat, `${D}prop`)?.children ?? []) {
          props.set(
            prop.clark,
            prop.children.length > 0 ? prop.children.map((c) => c.local).join(',') : prop.text.trim(),
          );
        }
        propstats.set(status, props);
      }
      return { href: (childOf(response, `${D}href`)?.text ?? '').trim(), propstats };
    });
}

// ETags and file ids are learned / checked for consistency; `oc:id` and recording-time dates are skipped.
const ETAG = `${D}getetag`;
const FILEID = `${OC}fileid`;

function compareMultistatus(
  recorded: XmlElement,
  actual: XmlElement,
  options: JsonCompareOptions & MultistatusOptions,
  problems: string[],
): void {
  const expected = parseMultistatus(recorded);
  const got = parseMultistatus(actual);
  const masked = (value: string): string =>
    options.maskUnixTimes ? value.replace(UNIX_TIME, '<unix-time>') : value;
  if (!options.ignoreHrefs) {
    const expectedHrefs = expected.map((response) =>
      masked(options.hrefIds ? options.ids.apply(response.href) : response.href),
    );
    const gotHrefs = got.map((response) => masked(response.href));
    if (JSON.stringify(expectedHrefs) !== JSON.stringify(gotHrefs)) {
      problems.push(`hrefs: expected ${JSON.stringify(expectedHrefs)}, got ${JSON.stringify(gotHrefs)}`);
      return;
    }
  } else if (expected.length !== got.length) {
    problems.push(`expected ${expected.length} responses, got ${got.length}`);
    return;
  }
  expected.forEach((response, index) => {
    const other = got[index];
    if (!other) return;
    const label = options.ignoreHrefs ? `response ${index}` : response.href;
    const statuses = (r: ParsedResponse) => [...r.propstats.keys()].sort().join(',');
    if (statuses(response) !== statuses(other)) {
      problems.push(`${label}: propstat statuses ${statuses(response)} expected, got ${statuses(other)}`);
      return;
    }
    for (const [status, props] of response.propstats) {
      const otherProps = other.propstats.get(status) ?? new Map<string, string>();
      const names = (map: Map<string, string>) => [...map.keys()].sort().join(' ');
      if (names(props) !== names(otherProps)) {
        problems.push(`${label} ${status}: props [${names(props)}] expected, got [${names(otherProps)}]`);
        continue;
      }
      // Without href pairing the responses may be different nodes: compare shapes only.
      if (status !== '200' || options.ignoreHrefs) continue;
      for (const [name, value] of props) {
        const otherValue = otherProps.get(name) ?? '';
        if (name === FILEID) options.ids.expectSame(`${label} oc:fileid`, value, otherValue, problems);
        else if (name === ETAG) options.ids.learn(value.replace(/"/g, ''), otherValue.replace(/"/g, ''));
        else if (name === `${OC}id` || (name === `${D}getlastmodified` && value.includes(' 2026 '))) continue;
        else if (masked(value) !== masked(otherValue))
          problems.push(
            `${label} ${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(otherValue)}`,
          );
      }
    }
  });
}

/** OCS XML as a plain value (repeated `<element>` children become arrays), for {@link compareJson}. */
function ocsValue(element: XmlElement): unknown {
  if (element.children.length === 0) return element.text;
  if (element.children.every((child) => child.local === 'element')) return element.children.map(ocsValue);
  return Object.fromEntries(element.children.map((child) => [child.local, ocsValue(child)]));
}

/** Compares XML bodies: multistatus by hrefs and propstats, Sabre errors by exception/message/header, OCS structurally. */
export function compareXml(
  recordedText: string,
  actualText: string,
  options: JsonCompareOptions & MultistatusOptions,
  problems: string[],
): void {
  const recorded = parseXml(recordedText);
  let actual: XmlElement;
  try {
    actual = parseXml(actualText);
  } catch (error) {
    problems.push(`body is not XML: ${String(error)}: ${actualText.slice(0, 200)}`);
    return;
  }
  if (recorded.clark !== actual.clark) {
    problems.push(`root element: expected ${recorded.clark}, got ${actual.clark}`);
    return;
  }
  if (recorded.clark === `${D}multistatus`) {
    compareMultistatus(recorded, actual, options, problems);
    return;
  }
  if (recorded.clark === `${D}error`) {
    const names = options.ignoreErrorMessage
      ? [`${S}exception`, `${S}header`]
      : [`${S}exception`, `${S}message`, `${S}header`];
    for (const name of names) {
      const want = childOf(recorded, name)?.text;
      const got = childOf(actual, name)?.text;
      if (want !== got)
        problems.push(`${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    return;
  }
  compareJson(
    { [recorded.local]: ocsValue(recorded) },
    { [actual.local]: ocsValue(actual) },
    options,
    problems,
  );
}
