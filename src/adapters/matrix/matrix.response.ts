/**
 * The answers of matrix.http.ts: what matrix-js-sdk reads of a fetch `Response` (its status,
 * URL and headers, its body as text, JSON or a Blob) without touching Node's `Headers`,
 * `Request` or `Response`. Those globals are undici's, and the first use of any of them
 * loads undici's whole JavaScript bundle (about 750 KB of source, kept with its compiled
 * code for the life of the process): about 12 MiB of resident memory in a bare Node 24
 * process, measured with process.memoryUsage() after a full collection.
 */

/** Header names and values of a request or an answer, case-insensitive, like fetch's `Headers`. */
export class HttpHeaders implements Iterable<[string, string]> {
  readonly #values = new Map<string, string>();

  /** A repeated name joins its values with ", ", as fetch does. */
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const known = this.#values.get(key);
    this.#values.set(key, known === undefined ? value : `${known}, ${value}`);
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this) callback(value, name);
  }

  /** Lower-case names in sorted order, as fetch's `Headers` iterates them. */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) yield [name, this.#values.get(name)!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * A request's headers as fetch accepts them (a record, a list of pairs, or a `Headers`-like
 * object), read without `instanceof Headers`, which would load undici.
 */
export function requestHeaders(init: RequestInit['headers']): HttpHeaders {
  const headers = new HttpHeaders();
  if (init === undefined || init === null) return headers;
  if (Array.isArray(init)) {
    for (const pair of init as unknown[][]) headers.append(String(pair[0]), String(pair[1]));
  } else if (typeof (init as { forEach?: unknown }).forEach === 'function') {
    (init as { forEach(callback: (value: string, name: string) => void): void }).forEach((value, name) =>
      headers.append(name, value),
    );
  } else {
    for (const [name, value] of Object.entries(init as Record<string, string>)) headers.append(name, String(value));
  }
  return headers;
}

/** A complete answer, its body already read: fetch's `Response` as far as the SDK uses it. */
export class HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HttpHeaders;
  readonly url: string;
  readonly redirected: boolean;
  readonly ok: boolean;
  /** Undefined for an answer that has no body (a 204, a HEAD). */
  readonly #bytes: Uint8Array | undefined;
  #used = false;

  constructor(answer: {
    status: number;
    statusText: string;
    headers: HttpHeaders;
    url: string;
    redirected: boolean;
    bytes: Uint8Array | undefined;
  }) {
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.headers = answer.headers;
    this.url = answer.url;
    this.redirected = answer.redirected;
    this.ok = answer.status >= 200 && answer.status < 300;
    this.#bytes = answer.bytes;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /** A stream of the body, as fetch gives; null when the answer has none. */
  get body(): ReadableStream<Uint8Array> | null {
    const bytes = this.#bytes;
    if (bytes === undefined) return null;
    return new ReadableStream({
      start: (controller) => {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  /** The body, once: a second read fails as it does with fetch. */
  #take(): Uint8Array {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes ?? new Uint8Array();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(this.#take());
  }

  /** UTF-8, a leading byte-order mark dropped, as fetch's text() decodes. */
  async text(): Promise<string> {
    return new TextDecoder().decode(this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async blob(): Promise<Blob> {
    return new Blob([this.#take() as Uint8Array<ArrayBuffer>], { type: this.headers.get('content-type') ?? '' });
  }
}
