import { authorizeWithForms } from '@nc-mcp/dev-idp';
import type { InProcessStack } from '@nc-mcp/dev-stack';
import type { BenchClient } from './benchClient.js';

// What the background scenario puts in place around the worker: notes on the Nextcloud test double
// (written straight through the Notes API as the user, the way test/support/userFiles.ts does), the
// user's background consent (the way test/support/consent.ts does) and text that reads like notes.

const SEED_CONCURRENCY = 16;

/** A note as the Notes API lists it (the fields the index keeps). */
export interface SeededNote {
  id: number;
  title: string;
  content: string;
  etag: string;
  modified: number;
}

// A small vocabulary with a skewed pick, so that some words are common and some rare, as in real notes.
const WORDS = (
  'budget meeting project review quarterly report draft plan team customer invoice contract deadline ' +
  'release roadmap design feedback agenda minutes follow-up action item migration server backup ' +
  'database upgrade incident postmortem hiring interview onboarding training workshop conference ' +
  'travel expense receipt vacation schedule holiday birthday recipe garden grocery shopping list ' +
  'book reading summary idea brainstorm research paper experiment result analysis metrics dashboard ' +
  'marketing campaign launch website content blog newsletter social media partner vendor supplier ' +
  'quote offer proposal estimate risk issue bug fix test deployment staging production monitoring ' +
  'alert security audit compliance policy privacy license renewal subscription account password ' +
  'family school doctor appointment insurance tax return mortgage apartment repair kitchen bathroom'
).split(/\s+/);

/** A deterministic pseudo-random generator (mulberry32): every run indexes the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(random: () => number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(WORDS[Math.floor(random() ** 2 * WORDS.length)] ?? 'note');
  return out.join(' ');
}

/** A title of 3–6 words and a body of 60–200 words in a few paragraphs. */
export function noteText(random: () => number): { title: string; content: string } {
  const title = words(random, 3 + Math.floor(random() * 4));
  const paragraphs = Array.from({ length: 2 + Math.floor(random() * 3) }, () =>
    words(random, 30 + Math.floor(random() * 40)),
  );
  return { title: title[0]?.toUpperCase() + title.slice(1), content: paragraphs.join('\n\n') };
}

/** Runs `task` for 0…count-1 with at most {@link SEED_CONCURRENCY} in flight. */
export async function runBounded(count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

/** The user's own Notes API on the test double, with a Nextcloud token the dev IdP signs for `sub`. */
export function notesApi(stack: InProcessStack, sub: string) {
  const base = `${stack.nextcloud.url}/index.php/apps/notes/api/v1/notes`;
  const send = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const token = await stack.idp.signAccessToken({ sub, aud: 'nextcloud' });
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'OCS-APIRequest': 'true',
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`Notes API ${method} ${path}: ${response.status}`);
    return response.json();
  };
  return {
    create: (note: { title: string; content: string }) => send('POST', '', note) as Promise<SeededNote>,
    update: (id: number, content: string) => send('PUT', `/${id}`, { content }) as Promise<SeededNote>,
    list: () => send('GET', '') as Promise<SeededNote[]>,
  };
}

/** The index item the worker's notes source makes of a note (apps/background-worker/src/sync/notesSource.ts). */
export function indexItemOf(note: SeededNote) {
  return {
    family: 'notes' as const,
    id: String(note.id),
    title: note.title,
    content: note.content,
    link: `nextcloud://notes/${note.id}`,
    etag: note.etag,
    modifiedAt: note.modified * 1000,
  };
}

/** Creates `count` notes of generated text; returns their ids in creation order. */
export async function seedNotes(
  api: ReturnType<typeof notesApi>,
  count: number,
  random: () => number,
): Promise<number[]> {
  const texts = Array.from({ length: count }, () => noteText(random));
  const ids = new Array<number>(count).fill(0);
  await runBounded(count, async (i) => {
    const text = texts[i];
    if (text) ids[i] = (await api.create(text)).id;
  });
  return ids;
}

/**
 * Grants background access as a person would: the consent tool's link (the v1 client declares no URL
 * elicitation, so the link comes as `actionRequired`), the dev IdP's forms, the server's callback page.
 */
export async function grantBackgroundAccess(client: BenchClient, username: string): Promise<void> {
  const asked = await client.callTool({ name: 'provision_nextcloud_access', arguments: { renew: true } });
  const url = (asked.structuredContent as { actionRequired?: { url?: string } } | undefined)?.actionRequired
    ?.url;
  if (!url) throw new Error('provision_nextcloud_access returned no consent link');
  const callback = await authorizeWithForms(url, { username, password: username });
  const page = await fetch(callback, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the consent callback answered ${page.status}`);
  await page.body?.cancel();
}
