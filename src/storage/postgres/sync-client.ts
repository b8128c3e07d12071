import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BridgeReply, BridgeRequest, BridgeStart } from './bridge.protocol.ts';
import { bindValues, toPostgres, type TranslatedSql } from './translate.ts';

/**
 * A PostgreSQL connection with better-sqlite3's synchronous interface (the part Foyer's
 * stores use: prepare → run/get/all/iterate, raw, pluck, transaction, exec), so every
 * store runs unchanged on both databases.
 *
 * Why synchronous: Foyer's store interfaces are synchronous by design (better-sqlite3 is,
 * transaction callbacks must be, and every feature relies on it). The connection lives in
 * a worker thread (bridge.worker.ts); each call posts its statement there and waits on a
 * shared flag (`Atomics.wait`) until the reply is in the port, which it then reads with
 * `receiveMessageOnPort`. A call thus blocks the event loop for one round trip to the
 * server on loopback (a fraction of a millisecond), the way a better-sqlite3 call blocks it
 * for its disk work; the statement timeout bounds the worst case, and a server that cannot
 * be reached fails calls at once for a moment instead of making each wait.
 */
export class PostgresSyncClient {
  /** The URL without its password (logs, errors). */
  readonly name: string;
  readonly dialect = 'postgres' as const;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal: Int32Array;
  readonly #waitMs: number;
  #nextId = 1;
  #nextCursor = 1;
  #depth = 0;
  #open = true;

  constructor(options: PostgresOptions) {
    this.name = redact(options.url);
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const start: BridgeStart = {
      url: options.url,
      signal,
      port: port2,
      statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
      retryAfterMs: options.retryAfterMs ?? 1_000,
      applicationName: options.applicationName ?? 'foyer',
      readOnly: options.readOnly ?? false,
    };
    this.#waitMs = start.statementTimeoutMs + start.connectTimeoutMs + 5_000;
    this.#worker = new Worker(new URL('./bridge.worker.ts', import.meta.url), {
      workerData: start,
      transferList: [port2],
    });
    // The worker must not keep the process alive on its own; `close()` ends it.
    this.#worker.unref();
    this.#port = port1;
    this.#signal = new Int32Array(signal);
  }

  get open(): boolean {
    return this.#open;
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  /** One request to the worker, waited for synchronously. */
  call(request: DistributiveOmit<BridgeRequest, 'id'>): { rows: unknown[]; changes: number } {
    if (!this.#open) throw new PostgresError('the database connection is closed', 'FOYER_DB_CLOSED');
    const id = this.#nextId++;
    const signal = this.#signal;
    this.#port.postMessage({ ...request, id } as BridgeRequest);
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      // Reset, then look, then wait: a reply posted at any point in between is either seen
      // by the look or has set the flag again, so the wait returns at once.
      Atomics.store(signal, 0, 0);
      const received = receiveMessageOnPort(this.#port) as { message: BridgeReply } | undefined;
      if (received) {
        const reply = received.message;
        if (reply.id !== id) continue; // the late reply of a call that timed out
        if (reply.ok) return reply;
        throw new PostgresError(reply.error.message, reply.error.code, reply.error.detail);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new PostgresError('the database did not answer in time', 'FOYER_DB_TIMEOUT');
      Atomics.wait(signal, 0, 0, left);
    }
  }

  prepare(sql: string): PostgresStatement {
    return new PostgresStatement(this, toPostgres(sql), false, false);
  }

  /** Runs a script of statements without parameters. */
  exec(sql: string): this {
    this.call({ kind: 'script', text: toPostgres(sql).text });
    return this;
  }

  /**
   * better-sqlite3's transaction function: BEGIN … COMMIT, or a savepoint when nested; any
   * throw rolls back and rethrows. `work` must be synchronous, as with SQLite.
   */
  transaction<A extends unknown[], R>(work: (...args: A) => R): TransactionFunction<A, R> {
    const run = (...args: A): R => {
      const depth = this.#depth;
      this.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT foyer_${depth}`);
      this.#depth = depth + 1;
      let result: R;
      try {
        result = work(...args);
      } catch (error) {
        this.#depth = depth;
        try {
          this.exec(
            depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT foyer_${depth}; RELEASE SAVEPOINT foyer_${depth}`,
          );
        } catch {
          // The connection is gone: the server has rolled the transaction back already.
        }
        throw error;
      }
      this.#depth = depth;
      if (result instanceof Promise) {
        // As better-sqlite3: a transaction cannot wait, so an async callback is refused and undone.
        this.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT foyer_${depth}; RELEASE SAVEPOINT foyer_${depth}`);
        throw new TypeError('Transaction function cannot return a promise');
      }
      this.exec(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT foyer_${depth}`);
      return result;
    };
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  pragma(source: string): never {
    throw new Error(`PRAGMA ${source} is SQLite's; this database is PostgreSQL`);
  }

  close(): void {
    if (!this.#open) return;
    try {
      this.call({ kind: 'close' });
    } catch {
      // Closing a connection that already broke.
    }
    this.#open = false;
    this.#port.close();
    void this.#worker.terminate();
  }

  /** A server-side cursor's rows in chunks: exports read millions of rows in little memory. */
  *cursor(sql: TranslatedSql, values: unknown[], arrays: boolean): Generator<unknown> {
    const cursor = this.#nextCursor++;
    const ownTransaction = this.#depth === 0;
    // A cursor lives in a transaction: one of its own keeps the snapshot consistent.
    if (ownTransaction) this.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      this.call({ kind: 'open-cursor', cursor, text: sql.text, values, arrays });
      for (;;) {
        const { rows } = this.call({ kind: 'read-cursor', cursor, rows: 2_000 });
        yield* rows;
        if (rows.length < 2_000) break;
      }
    } finally {
      try {
        this.call({ kind: 'close-cursor', cursor });
        if (ownTransaction) this.exec('COMMIT');
      } catch {
        // A broken connection closed the cursor and its transaction.
      }
    }
  }
}

export class PostgresStatement {
  private readonly client: PostgresSyncClient;
  private readonly sql: TranslatedSql;
  private readonly arrays: boolean;
  private readonly plucked: boolean;

  constructor(client: PostgresSyncClient, sql: TranslatedSql, arrays: boolean, plucked: boolean) {
    this.client = client;
    this.sql = sql;
    this.arrays = arrays;
    this.plucked = plucked;
  }

  get source(): string {
    return this.sql.text;
  }

  /** Rows as arrays of values (better-sqlite3's `raw`). */
  raw(on = true): PostgresStatement {
    return new PostgresStatement(this.client, this.sql, on, false);
  }

  /** Only the first column's value (better-sqlite3's `pluck`). */
  pluck(on = true): PostgresStatement {
    return new PostgresStatement(this.client, this.sql, on, on);
  }

  /** Numbers are parsed as JavaScript numbers on PostgreSQL (64-bit values are below 2^53 in Foyer). */
  safeIntegers(): PostgresStatement {
    return this;
  }

  run(...args: unknown[]): { changes: number; readonly lastInsertRowid: number } {
    const { changes } = this.#query(args);
    return {
      changes,
      // PostgreSQL has no last row id: a store that needs the new key asks with RETURNING.
      get lastInsertRowid(): number {
        throw new Error('lastInsertRowid is not available on PostgreSQL: use INSERT … RETURNING');
      },
    };
  }

  get(...args: unknown[]): unknown {
    const row = this.#query(args).rows[0];
    return this.plucked ? (row as unknown[] | undefined)?.[0] : row;
  }

  all(...args: unknown[]): unknown[] {
    const { rows } = this.#query(args);
    return this.plucked ? rows.map((r) => (r as unknown[])[0]) : rows;
  }

  *iterate(...args: unknown[]): Generator<unknown> {
    for (const row of this.client.cursor(this.sql, bindValues(this.sql, args), this.arrays))
      yield this.plucked ? (row as unknown[])[0] : row;
  }

  #query(args: unknown[]): { rows: unknown[]; changes: number } {
    return this.client.call({
      kind: 'query',
      text: this.sql.text,
      values: bindValues(this.sql, args),
      arrays: this.arrays,
      prepare: true,
    });
  }
}

export class PostgresError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;

  constructor(message: string, code?: string, detail?: string) {
    super(message);
    this.name = 'PostgresError';
    this.code = code;
    this.detail = detail;
  }
}

export interface PostgresOptions {
  /** postgres://user@host:port/database — the password comes from the environment. */
  readonly url: string;
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly retryAfterMs?: number;
  readonly applicationName?: string;
  readonly readOnly?: boolean;
}

type TransactionFunction<A extends unknown[], R> = ((...args: A) => R) & {
  deferred: (...args: A) => R;
  immediate: (...args: A) => R;
  exclusive: (...args: A) => R;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The URL with any password replaced, for logs and errors. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
