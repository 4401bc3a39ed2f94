import type { Request } from 'express';
import type { FsNode } from '../store/node.js';
import { preconditionFailed } from './davError.js';

function etagList(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

/** Whether an `If-None-Match` header matches the node (a GET then answers 304). */
export function ifNoneMatchHits(req: Request, node: FsNode | undefined): boolean {
  const header = req.get('if-none-match');
  if (!header || !node) return false;
  const tags = etagList(header);
  return tags.includes('*') || tags.includes(`"${node.etag}"`);
}

/** Sabre's If-Match / If-None-Match checks for writes: 412 with the header named in the body. */
export function checkWritePreconditions(req: Request, node: FsNode | undefined): void {
  const ifMatch = req.get('if-match');
  if (ifMatch) {
    if (!node) {
      throw preconditionFailed('An If-Match header was specified and the resource did not exist', 'If-Match');
    }
    const tags = etagList(ifMatch);
    if (!tags.includes('*') && !tags.includes(`"${node.etag}"`)) {
      throw preconditionFailed(
        'An If-Match header was specified, but none of the specified ETags matched.',
        'If-Match',
        { ETag: `"${node.etag}"` },
      );
    }
  }
  if (ifNoneMatchHits(req, node)) {
    throw preconditionFailed(
      'An If-None-Match header was specified, but the ETag matched (or * was specified).',
      'If-None-Match',
    );
  }
}
