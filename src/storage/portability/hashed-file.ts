import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { FileEntry } from './format.ts';

const FLUSH_AT = 1 << 20;

/** A file written in megabyte pieces, hashed as it goes, so nothing is read twice. */
export class HashedFile {
  readonly #fd: number;
  readonly #hash: Hash = createHash('sha256');
  #pending: string[] = [];
  #pendingLength = 0;
  #bytes = 0;

  readonly path: string;

  constructor(file: string, path: string) {
    this.#fd = openSync(file, 'wx');
    this.path = path;
  }

  write(text: string): void {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    if (this.#pendingLength >= FLUSH_AT) this.#flush();
  }

  close(): FileEntry {
    this.#flush();
    closeSync(this.#fd);
    return { path: this.path, bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    writeSync(this.#fd, bytes);
    this.#hash.update(bytes);
    this.#bytes += bytes.length;
    this.#pending = [];
    this.#pendingLength = 0;
  }
}

/** The sha256 and size of a file, read a megabyte at a time. */
export function fileDigest(file: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(FLUSH_AT);
  const fd = openSync(file, 'r');
  let bytes = 0;
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}
