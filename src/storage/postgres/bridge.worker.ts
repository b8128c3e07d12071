// The PostgreSQL side of the synchronous bridge (see sync-client.ts): a worker thread that
// owns one connection and runs each request the main thread sends, waking it when done.
// Plain, erasable TypeScript: Node runs it without a loader.
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { BridgeReply, BridgeRequest, BridgeStart } from './bridge.protocol.ts';

const start = workerData as BridgeStart;
const signal = new Int32Array(start.signal);
const port: MessagePort = start.port;

// Foyer's numbers are JavaScript numbers, as better-sqlite3 gives them: 64-bit integers
// (counts, milliseconds) and numerics (sums, averages) are parsed, not left as strings;
// booleans (comparisons selected as columns) read 1 and 0 as in SQLite.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v: string) => (v === 't' ? 1 : 0));

let client: pg.Client | undefined;
let connecting: Promise<pg.Client> | undefined;
/** After a failed connection, requests fail at once for a moment instead of each waiting. */
let downUntil = 0;
let downReason = '';
const cursors = new Map<number, Cursor>();
const names = new Map<string, string>();

function reply(message: BridgeReply): void {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

async function connection(): Promise<pg.Client> {
  if (client) return client;
  if (Date.now() < downUntil)
    throw Object.assign(new Error(`the database is unavailable: ${downReason}`), { code: 'FOYER_DB_UNAVAILABLE' });
  connecting ??= (async () => {
    const next = new pg.Client({
      connectionString: start.url,
      connectionTimeoutMillis: start.connectTimeoutMs,
      statement_timeout: start.statementTimeoutMs,
      idle_in_transaction_session_timeout: start.statementTimeoutMs * 4,
      application_name: start.applicationName,
      keepAlive: true,
      ...(start.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    next.on('error', () => drop(next));
    try {
      await next.connect();
    } catch (error) {
      downUntil = Date.now() + start.retryAfterMs;
      downReason = (error as Error).message;
      throw Object.assign(new Error(`the database is unavailable: ${downReason}`), { code: 'FOYER_DB_UNAVAILABLE' });
    }
    client = next;
    names.clear();
    return next;
  })().finally(() => (connecting = undefined));
  return connecting;
}

/** Forgets a connection that broke; the next request opens a new one. */
function drop(broken: pg.Client): void {
  if (client !== broken) return;
  client = undefined;
  cursors.clear();
  broken.end().catch(() => undefined);
}

const CONNECTION_LOST = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

/** A prepared statement's name, so PostgreSQL plans each distinct statement once per connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `foyer_${names.size}`));
  return name;
}

async function run(request: BridgeRequest): Promise<BridgeReply> {
  if (request.kind === 'close' && !client) return { id: request.id, ok: true, rows: [], changes: 0 };
  const db = await connection();
  try {
    switch (request.kind) {
      case 'query': {
        const result: pg.QueryResult = await db.query<pg.QueryResultRow>({
          name: request.prepare ? nameOf(request.text) : undefined,
          text: request.text,
          values: request.values,
          ...(request.arrays ? { rowMode: 'array' as const } : {}),
        } as pg.QueryConfig);
        return { id: request.id, ok: true, rows: result.rows as unknown[], changes: result.rowCount ?? 0 };
      }
      case 'script':
        await db.query(request.text);
        return { id: request.id, ok: true, rows: [], changes: 0 };
      case 'open-cursor': {
        const cursor = db.query(
          new Cursor(request.text, request.values, { rowMode: request.arrays ? 'array' : undefined }),
        );
        cursors.set(request.cursor, cursor);
        return { id: request.id, ok: true, rows: [], changes: 0 };
      }
      case 'read-cursor': {
        const cursor = cursors.get(request.cursor);
        if (!cursor) throw new Error('the cursor is gone (the connection was lost)');
        const rows = (await cursor.read(request.rows)) as unknown[];
        return { id: request.id, ok: true, rows, changes: 0 };
      }
      case 'close-cursor': {
        const cursor = cursors.get(request.cursor);
        cursors.delete(request.cursor);
        await cursor?.close();
        return { id: request.id, ok: true, rows: [], changes: 0 };
      }
      case 'close':
        await db.end();
        client = undefined;
        return { id: request.id, ok: true, rows: [], changes: 0 };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && CONNECTION_LOST.has(code)) drop(db);
    else if (/Connection terminated|not queryable|ended/i.test((error as Error).message)) drop(db);
    throw error;
  }
}

port.on('message', (request: BridgeRequest) => {
  run(request).then(reply, (error: unknown) => {
    const e = error as { message?: string; code?: string; detail?: string };
    reply({
      id: request.id,
      ok: false,
      error: { message: e.message ?? String(error), code: e.code, detail: e.detail },
    });
  });
});
