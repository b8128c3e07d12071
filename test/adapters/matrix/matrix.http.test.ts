// The adapter's fetch on node:http, against a local HTTP server: what matrix-js-sdk's requests need.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from '../../../src/adapters/matrix/matrix.http.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('nodeHttpFetch', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  /** Requests the server holds without answering, to abort them. */
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url === '/json') {
          res.writeHead(200, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
          res.end(JSON.stringify({ hello: 'wörld' }));
        } else if (req.url === '/limited') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
          res.end(JSON.stringify({ errcode: 'M_LIMIT_EXCEEDED' }));
        } else if (req.url === '/moved') {
          res.writeHead(303, { location: '/json' });
          res.end();
        } else if (req.url === '/empty') {
          res.writeHead(204);
          res.end();
        } else if (req.url === '/hold') {
          held.push(res);
        } else {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(Buffer.concat(chunks));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a GET with a Response the SDK reads: status, headers, JSON and its URL', async () => {
    const response = await nodeHttpFetch(`${base}/json`, { headers: { Authorization: 'Bearer token' } });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('x-twice')).toBe('a, b');
    expect(response.url).toBe(`${base}/json`);
    expect(await response.json()).toEqual({ hello: 'wörld' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', headers: { authorization: 'Bearer token' } });
  });

  it('sends a string body with its length, and bytes as they are', async () => {
    const text = JSON.stringify({ body: 'héllo' });
    await nodeHttpFetch(`${base}/echo`, { method: 'PUT', body: text, headers: { 'Content-Type': 'application/json' } });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: text });
    expect(seen.at(-1)!.headers['content-length']).toBe(String(Buffer.byteLength(text)));

    const bytes = new Uint8Array([0, 1, 2, 250]);
    const echoed = await nodeHttpFetch(`${base}/echo`, { method: 'POST', body: new Blob([bytes]) });
    expect(new Uint8Array(await echoed.arrayBuffer())).toEqual(bytes);
  });

  it('reads a body once, as fetch does, and gives headers in fetch order (lower-case, sorted)', async () => {
    const response = await nodeHttpFetch(`${base}/json`);
    expect(
      [...response.headers]
        .map(([name]) => name)
        .filter((name) => name.startsWith('x-') || name.startsWith('content-t')),
    ).toEqual(['content-type', 'x-twice']);
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
  });

  it('never loads undici (fetch, Headers, Response): a fresh Node process that uses it has none of it', async () => {
    // Node loads undici's bundle on the first use of fetch, Headers, Request or Response:
    // about 12 MiB that the Matrix process would keep for its whole life (issue 18).
    const module = fileURLToPath(new URL('../../../src/adapters/matrix/matrix.http.ts', import.meta.url));
    const script = `
      const { nodeHttpFetch } = await import(${JSON.stringify(module)});
      const answer = await nodeHttpFetch(${JSON.stringify(`${base}/json`)}, { headers: { Accept: 'application/json' } });
      const posted = await nodeHttpFetch(${JSON.stringify(`${base}/echo`)}, { method: 'POST', body: 'ping' });
      console.log(JSON.stringify({
        json: await answer.json(),
        echo: await posted.text(),
        undici: process.moduleLoadList.filter((name) => name.includes('undici')),
      }));`;
    // Asynchronous: the server answering the child lives in this process.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ json: { hello: 'wörld' }, echo: 'ping', undici: [] });
  });

  it('gives an error status as a Response, not an exception', async () => {
    const response = await nodeHttpFetch(`${base}/limited`);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.text()).toContain('M_LIMIT_EXCEEDED');
  });

  it('follows a 303 with a GET without the body, and answers a 204 with no body', async () => {
    const moved = await nodeHttpFetch(`${base}/moved`, { method: 'POST', body: 'x' });
    expect(moved.url).toBe(`${base}/json`);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', body: '' });
    const empty = await nodeHttpFetch(`${base}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('rejects with an AbortError when the request is aborted, as the SDK expects of fetch', async () => {
    const controller = new AbortController();
    const pending = nodeHttpFetch(`${base}/hold`, { signal: controller.signal });
    await expect.poll(() => held.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(nodeHttpFetch(`${base}/json`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('sends once more on a new connection when the homeserver closed the kept-alive one', async () => {
    // Answers the first request of each connection, then hangs up on the next one unanswered.
    const served = new WeakMap<object, number>();
    const closing = createServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) req.socket.destroy();
      else res.end(String(count));
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closing.address() as AddressInfo).port}/`;
    try {
      expect(await (await nodeHttpFetch(url)).text()).toBe('1');
      expect(await (await nodeHttpFetch(url)).text()).toBe('1');
    } finally {
      closing.closeAllConnections();
      await new Promise((resolve) => closing.close(resolve));
    }
  });

  it('rejects with a TypeError when the homeserver cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(nodeHttpFetch(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(TypeError);
  });
});
