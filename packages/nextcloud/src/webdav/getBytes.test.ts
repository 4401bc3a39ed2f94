import { describe, expect, it } from 'vitest';
import { createNextcloudClient } from '../createNextcloudClient.js';

// A streamed body without Content-Length: getBytes must stop pulling once the limit is passed.
function streamingFetch(chunks: number, chunkSize: number, pulled: { count: number }): typeof fetch {
  return async (input) => {
    if (String(input).includes('/ocs/')) {
      return Response.json({ ocs: { meta: { status: 'ok', statuscode: 200 }, data: { id: 'u1' } } });
    }
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled.count += 1;
        if (pulled.count > chunks) controller.close();
        else controller.enqueue(new Uint8Array(chunkSize).fill(1));
      },
    });
    return new Response(body, { status: 200, headers: { ETag: '"abc"', 'Content-Type': 'application/pdf' } });
  };
}

describe('getBytes on a streamed body', () => {
  it('cancels the download once the limit is passed and returns no partial bytes', async () => {
    const pulled = { count: 0 };
    const session = createNextcloudClient({
      baseUrl: 'http://nextcloud.invalid',
      fetch: streamingFetch(1000, 1024, pulled),
    }).session({ subject: 's', getToken: async () => 't' });

    const read = await session.webdav.getBytes('big.pdf', { maxBytes: 4096 });

    expect(read.bytes).toBeUndefined();
    expect(read.size).toBeUndefined();
    expect(pulled.count).toBeLessThan(10);
  });

  it('returns the whole body when it fits', async () => {
    const pulled = { count: 0 };
    const session = createNextcloudClient({
      baseUrl: 'http://nextcloud.invalid',
      fetch: streamingFetch(3, 100, pulled),
    }).session({ subject: 's', getToken: async () => 't' });

    const read = await session.webdav.getBytes('small.pdf', { maxBytes: 300 });

    expect(read).toMatchObject({ size: 300, etag: 'abc', contentType: 'application/pdf' });
    expect(read.bytes?.byteLength).toBe(300);
  });

  it('picks the limit from the answer’s content type before reading the body', async () => {
    const pulled = { count: 0 };
    const session = createNextcloudClient({
      baseUrl: 'http://nextcloud.invalid',
      fetch: streamingFetch(1000, 1024, pulled),
    }).session({ subject: 's', getToken: async () => 't' });
    const asked: string[] = [];

    const read = await session.webdav.getBytes('big.pdf', {
      maxBytes: (contentType) => {
        asked.push(contentType);
        return contentType === 'application/pdf' ? 2048 : 1_000_000_000;
      },
    });

    expect(asked).toEqual(['application/pdf']);
    expect(read.bytes).toBeUndefined();
    expect(pulled.count).toBeLessThan(10);
  });
});
