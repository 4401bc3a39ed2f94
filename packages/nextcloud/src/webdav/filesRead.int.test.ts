import { type DevNextcloud, startDevNextcloud } from '@nc-mcp/dev-nextcloud';
import { startTestIssuer, type TestIssuer } from '@nc-mcp/test-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNextcloudClient, type NextcloudSession } from '../createNextcloudClient.js';
import { isNextcloudError } from '../errors.js';
import { encodePath } from '../paths.js';
import type { TokenSource } from '../tokenSource.js';

// Binary reads and date-bounded search against the Nextcloud test double (hashed uids, as user_oidc).
let issuer: TestIssuer;
let nextcloud: DevNextcloud;
let session: NextcloudSession;
let token: () => Promise<string>;
const SUB = 'sub-files-read-0001';

// Writes raw bytes (and an mtime) straight to the double, as a desktop client would.
async function putRaw(path: string, body: Uint8Array | string, mtimeSeconds?: number): Promise<void> {
  const uid = await session.userId();
  const headers: Record<string, string> = { Authorization: `Bearer ${await token()}` };
  if (mtimeSeconds !== undefined) headers['X-OC-Mtime'] = String(mtimeSeconds);
  const response = await fetch(
    `${nextcloud.url}/remote.php/dav/files/${encodeURIComponent(uid)}/${encodePath(path)}`,
    { method: 'PUT', headers, body },
  );
  expect(response.status).toBeLessThan(300);
}

beforeAll(async () => {
  issuer = await startTestIssuer({ claims: {} });
  nextcloud = await startDevNextcloud({ issuer: issuer.issuer, userIdMode: 'hashed' });
  token = () => issuer.sign({ sub: SUB, aud: 'nextcloud', preferred_username: 'fr', name: 'Files Reader' });
  const tokenSource: TokenSource = { subject: SUB, getToken: token };
  session = createNextcloudClient({ baseUrl: nextcloud.url }).session(tokenSource);
  await session.webdav.mkcol('Bin');
}, 30_000);

afterAll(async () => {
  await nextcloud?.close();
  await issuer?.close();
});

describe('webdav getBytes against the test double', () => {
  it('returns every byte of a binary file within the limit, unchanged', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await putRaw('Bin/all-bytes.bin', bytes);

    const read = await session.webdav.getBytes('Bin/all-bytes.bin', { maxBytes: 256 });

    expect(read.bytes).toEqual(bytes);
    expect(read.size).toBe(256);
    expect(read.etag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stops at the limit: a larger file comes back without bytes but with its size', async () => {
    await putRaw('Bin/big.bin', new Uint8Array(4096).fill(7));

    const read = await session.webdav.getBytes('Bin/big.bin', { maxBytes: 1000 });

    expect(read.bytes).toBeUndefined();
    expect(read.size).toBe(4096);
  });

  it('refuses a folder and reports a missing file as not_found', async () => {
    await expect(session.webdav.getBytes('Bin', { maxBytes: 10 })).rejects.toSatisfy((error) =>
      isNextcloudError(error, 'bad_request'),
    );
    await expect(session.webdav.getBytes('Bin/missing.bin', { maxBytes: 10 })).rejects.toSatisfy((error) =>
      isNextcloudError(error, 'not_found'),
    );
  });

  it('refuses traversal before sending anything', async () => {
    await expect(session.webdav.getBytes('Bin/../../x', { maxBytes: 10 })).rejects.toSatisfy((error) =>
      isNextcloudError(error, 'invalid_path'),
    );
  });
});

describe('webdav search by modification time against the test double', () => {
  it('keeps only items modified inside the range', async () => {
    await session.webdav.mkcol('Dated');
    await putRaw('Dated/old.txt', 'old', 1_600_000_000);
    await putRaw('Dated/mid.txt', 'mid', 1_700_000_000);
    await putRaw('Dated/new.txt', 'new', 1_800_000_000);

    const found = await session.webdav.search({
      under: 'Dated',
      modifiedAfter: new Date(1_650_000_000_000),
      modifiedBefore: new Date(1_750_000_000_000),
    });
    expect(found.map((entry) => entry.path)).toEqual(['Dated/mid.txt']);

    const newer = await session.webdav.search({ under: 'Dated', modifiedAfter: new Date(1_650_000_000_000) });
    expect(newer.map((entry) => entry.path)).toEqual(['Dated/new.txt', 'Dated/mid.txt']);
  });
});
