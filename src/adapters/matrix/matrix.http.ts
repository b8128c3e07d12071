/**
 * The `fetch` Foyer gives matrix-js-sdk, on node:http and node:https. Node's own fetch
 * (undici) compiles its HTTP parser as WebAssembly on the first request and keeps it,
 * with undici's connection machinery, for the life of the process: 15 MiB or more in a bare
 * process, 4 to 9 MiB of Foyer's idle Matrix process (bench/matrix-memory.ts; the figures
 * are in the README). node:http parses with the parser built into Node, for about 1 MiB.
 *
 * Only what the SDK's requests use: a method, headers, a string or byte body, an abort
 * signal, redirects followed. Answers are matrix.response.ts's `HttpResponse`s, which the
 * SDK reads as it reads fetch's: `Headers`, `Request` and `Response` themselves are never
 * touched here, since any of them loads the rest of undici's JavaScript.
 */
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { HttpHeaders, HttpResponse, requestHeaders } from './matrix.response.ts';

// node:http through require, not an ESM import: building the ESM namespace reads every
// export, and node:http's WebSocket, CloseEvent and MessageEvent getters load undici.
const { Agent: HttpAgent, request: httpRequest } = createRequire(import.meta.url)(
  'node:http',
) as typeof import('node:http');

/** How many redirects one request follows, as fetch's `redirect: 'follow'` does. */
const MAX_REDIRECTS = 20;

/** Statuses whose body is always empty, as fetch's `Response` has them. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Kept-alive sockets, as fetch keeps them: one /sync long poll and the sends reuse their connections. */
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

async function bodyBytes(body: RequestInit['body']): Promise<Uint8Array | string | undefined> {
  if (body === undefined || body === null || typeof body === 'string') return body ?? undefined;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('matrix http: unsupported request body (a string, bytes or a Blob)');
}

function answerHeaders(message: IncomingMessage): HttpHeaders {
  const headers = new HttpHeaders();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

interface Sent {
  url: URL;
  method: string;
  headers: HttpHeaders;
  body: Uint8Array | string | undefined;
  signal: AbortSignal | undefined;
}

/**
 * One request. A kept-alive socket the homeserver closed while it sat idle fails before any
 * answer (ECONNRESET on a reused socket): that request never reached the server, so it is
 * sent once more, on a new connection, as Node's documentation advises.
 */
function send(sent: Sent, retried = false): Promise<IncomingMessage> {
  const { url, method, headers, body, signal } = sent;
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new TypeError(`matrix http: unsupported protocol ${url.protocol}`));
      return;
    }
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => (outgoing[name] = value));
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method,
      headers: outgoing,
      agent: agents[url.protocol],
      ...(signal ? { signal } : {}),
    });
    request.once('response', resolve);
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (signal?.aborted) reject(abortReason(signal));
      else if (!retried && request.reusedSocket && error.code === 'ECONNRESET') resolve(send(sent, true));
      else reject(new TypeError('fetch failed', { cause: error }));
    });
    request.end(body);
  });
}

/** Reads the answer's body, unless the request is aborted first. */
function readBody(message: IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onAbort = () => {
      message.destroy();
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.once('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    message.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
    });
  });
}

/** A `fetch` for matrix-js-sdk's requests, without loading undici's client. */
export const nodeHttpFetch: typeof globalThis.fetch = async (input, init = {}) => {
  // Not `instanceof Request`: reading that global would load undici.
  if (typeof input !== 'string' && !(input instanceof URL))
    throw new TypeError('matrix http: pass a URL, not a Request');
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal);
  let url = new URL(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = await bodyBytes(init.body);
  const headers = requestHeaders(init.headers);
  for (let redirects = 0; ; redirects++) {
    const message = await send({ url, method, headers, body, signal });
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    if (status >= 300 && status < 400 && status !== 304 && location && init.redirect !== 'manual') {
      message.resume();
      if (init.redirect === 'error' || redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed: redirect');
      url = new URL(location, url);
      // As fetch does: a 303, or a 301/302 answering a POST, turns into a GET without a body.
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      continue;
    }
    const bytes = await readBody(message, signal);
    const response = new HttpResponse({
      status,
      statusText: message.statusMessage ?? '',
      headers: answerHeaders(message),
      url: url.href,
      redirected: redirects > 0,
      bytes: NULL_BODY.has(status) || method === 'HEAD' ? undefined : bytes,
    });
    // The SDK reads it as a fetch Response (see matrix.response.ts).
    return response as unknown as Response;
  }
};
