import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNextcloudError } from '../errors.js';
import { type Fixture, fixturesDir } from '../testing/fixtures.js';
import { parseXml } from './xml.js';
import { parseXmlTree } from './xmlTree.js';

// Every recorded XML body (multistatus, Sabre errors, request bodies), by folder and file name.
function recordedXmlBodies(): Array<[string, string]> {
  const bodies: Array<[string, string]> = [];
  for (const folder of readdirSync(fixturesDir(), { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const dir = join(fixturesDir(), folder.name);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
      for (const body of [fixture.response?.body, fixture.request?.body]) {
        if (typeof body === 'string' && body.trimStart().startsWith('<'))
          bodies.push([`${folder.name}/${file}`, body]);
      }
    }
  }
  return bodies;
}

// `parseXml` adds the `<?xml?>` declaration as a key of its own; nothing reads it.
function withoutDeclaration(tree: Record<string, unknown>): Record<string, unknown> {
  const { '?xml': _declaration, ...rest } = tree;
  return rest;
}

function refusal(xml: string): unknown {
  try {
    parseXmlTree(xml);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseXmlTree', () => {
  it('builds the tree parseXml builds for every recorded XML body', () => {
    const bodies = recordedXmlBodies();
    expect(bodies.length).toBeGreaterThan(100);
    for (const [name, body] of bodies) {
      let expected: unknown;
      try {
        expected = withoutDeclaration(parseXml(body));
      } catch (error) {
        // A recorded malformed request body (webdav/025) is refused by both.
        expected = error;
      }
      if (expected instanceof Error) expect(isNextcloudError(refusal(body), 'protocol'), name).toBe(true);
      else expect(parseXmlTree(body), name).toEqual(expected);
    }
  });

  it.each([
    ['<a><b> x </b><b>y</b><c/><d></d><e>  </e></a>', { a: { b: ['x', 'y'], c: '', d: '', e: '' } }],
    [
      '<d:a xmlns:d="DAV:"><d:response>1</d:response><d:propstat/></d:a>',
      { a: { response: ['1'], propstat: [''] } },
    ],
    ['<a>t1<b>x</b>t2</a>', { a: { b: 'x', '#text': 't1t2' } }],
    ['<a><!-- c --><b><![CDATA[ <x> ]]></b><c b="1>" d=\'2\'>q</c></a>', { a: { b: ' <x> ', c: 'q' } }],
    [
      '<a><b>&#13;&#x41;&amp;&lt;&quot;&apos;&gt;</b><c>x\r\ny\r\n</c></a>',
      { a: { b: '\rA&<"\'>', c: 'x\ny' } },
    ],
  ])('reads %s like parseXml', (xml, tree) => {
    expect(parseXmlTree(xml)).toEqual(tree);
    expect(withoutDeclaration(parseXml(xml))).toEqual(tree);
  });

  it.each([
    '<d:multistatus xmlns:d="DAV:"><d:response>',
    '<a><b></a>',
    '<a></ab>',
    '<a></a></a>',
    '<a>&</a>',
    '<a>x < y</a>',
    '<a b></a>',
    '<a><!-- x</a>',
    'text<a/>',
    '',
    '<a><constructor>1</constructor></a>',
  ])('refuses %j as a protocol error', (xml) => {
    expect(isNextcloudError(refusal(xml), 'protocol')).toBe(true);
  });
});
