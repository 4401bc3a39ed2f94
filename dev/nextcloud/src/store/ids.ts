import { randomBytes } from 'node:crypto';

/** Hands out file ids from one counter shared by all users, like a database sequence. */
export class IdSequence {
  private last: number;

  constructor(start = 100) {
    this.last = start;
  }

  next(): number {
    this.last += 1;
    return this.last;
  }
}

/** A file ETag: 32 hex characters, like Nextcloud's md5-based ones. */
export function newFileEtag(): string {
  return randomBytes(16).toString('hex');
}

let lastUniqid = 0;

/** A folder ETag: 13 hex characters in PHP `uniqid()` style (seconds + microseconds), never repeated. */
export function newFolderEtag(nowMs: number): string {
  const micros = Math.max(Math.floor(nowMs * 1000), lastUniqid + 1);
  lastUniqid = micros;
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return seconds.toString(16).padStart(8, '0').slice(-8) + fraction.toString(16).padStart(5, '0');
}

/** `00000075` + instance id: the `oc:id` / `OC-FileId` form of a file id. */
export function formatOcId(id: number, instanceId: string): string {
  return String(id).padStart(8, '0') + instanceId;
}

/** A random instance id like Nextcloud's (`oc` + 10 lowercase alphanumerics). */
export function newInstanceId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(10);
  let id = 'oc';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}
