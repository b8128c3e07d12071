/**
 * What the Matrix benches share: plain client-server calls that bypass any fetch wrapper,
 * an observer account's /sync loop that says when an event became visible, and the
 * matrix-js-sdk quirks a bench process has to tame (its root logger, its long timers).
 */
import { logger as sdkRootLogger } from 'matrix-js-sdk/lib/logger.js';
import type { RegisteredUser, SynapseServer } from '../test/support/synapse/index.ts';

export const WAIT_MS = 15_000;
const SYNC_TIMEOUT_MS = 30_000;

export function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

export const now = (): number => performance.now();

export type RawEvent = {
  type: string;
  sender: string;
  event_id: string;
  state_key?: string;
  content: Record<string, unknown>;
};

/** The bench's own HTTP calls use the fetch from before the instrumentation wrapper. */
export const rawFetch: typeof fetch = globalThis.fetch.bind(globalThis);

export async function call(
  server: SynapseServer,
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const res = await rawFetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.accessToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Waiter {
  match: (e: RawEvent) => boolean;
  resolve: (at: number) => void;
}

/** One account's long-poll /sync loop over one room: resolves waiters when a response holding a matching event has been parsed. */
export class Observer {
  #since = '';
  #waiters = new Set<Waiter>();
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #failure: unknown;
  syncs = 0;
  constructor(
    readonly server: SynapseServer,
    readonly user: RegisteredUser,
    readonly roomId: string,
    /** Events per room per /sync; a response with more is "limited" and the rest would be missed. */
    readonly timelineLimit = 100,
  ) {}

  #path(timeout: number): string {
    const filter = {
      presence: { types: [] },
      account_data: { types: [] },
      room: {
        rooms: [this.roomId],
        timeline: { limit: this.timelineLimit },
        ephemeral: { types: [] },
        account_data: { types: [] },
        state: { lazy_load_members: true },
      },
    };
    const since = this.#since ? `&since=${encodeURIComponent(this.#since)}` : '';
    return `/_matrix/client/v3/sync?timeout=${timeout}&set_presence=offline&filter=${encodeURIComponent(JSON.stringify(filter))}${since}`;
  }

  async start(): Promise<void> {
    // The first sync only takes a position: what is already in the room is not awaited.
    this.#since = String((await call(this.server, this.user, 'GET', this.#path(0))).next_batch);
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      let response: Record<string, unknown>;
      try {
        response = await call(
          this.server,
          this.user,
          'GET',
          this.#path(SYNC_TIMEOUT_MS),
          undefined,
          this.#abort.signal,
        );
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        this.#failure = error;
        return;
      }
      const at = now();
      this.syncs++;
      this.#since = String(response.next_batch);
      const room = (response.rooms as { join?: Record<string, { timeline?: { events?: RawEvent[] } }> } | undefined)
        ?.join?.[this.roomId];
      for (const event of room?.timeline?.events ?? []) {
        for (const waiter of this.#waiters) {
          if (!waiter.match(event)) continue;
          this.#waiters.delete(waiter);
          waiter.resolve(at);
        }
      }
    }
  }

  /** Register before acting; resolves with the time the observer's /sync returned the event. */
  waitFor(what: string, match: (e: RawEvent) => boolean, timeoutMs = WAIT_MS): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `observer: no ${what} within ${timeoutMs} ms${this.#failure ? ` (sync loop failed: ${String(this.#failure)})` : ''}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop?.catch(() => undefined);
  }
}

export const mentions = (e: RawEvent): string[] =>
  (e.content['m.mentions'] as { user_ids?: string[] } | undefined)?.user_ids ?? [];

/**
 * matrix-js-sdk's deprecated root logger (its scheduler, local echo and MatrixRTC code use
 * it, not the client's logger) prints debug lines to the console, several per message
 * sent. Its children copy the root's methodFactory when created: while the bench runs,
 * only warn and error get through.
 */
export function quietSdkRootLogger(): () => void {
  type Factory = (method: string, level: number, name: string | symbol) => (...args: unknown[]) => void;
  const root = sdkRootLogger as unknown as { methodFactory: Factory; rebuild(): void };
  const original = root.methodFactory;
  root.methodFactory = (method, level, name) =>
    method === 'warn' || method === 'error' ? original(method, level, name) : () => undefined;
  root.rebuild();
  return () => {
    root.methodFactory = original;
    root.rebuild();
  };
}

/**
 * matrix-js-sdk arms a timer for every request with a local timeout (its timeoutSignal; for
 * /sync: 30 s poll + 80 s) and never clears it, so a stopped client keeps the process alive
 * for up to 110 s. While the bench runs, long timers (≥ 60 s, none of which can fire
 * during it) are noted, and unref'd at the end so `npm run bench` exits when done.
 */
export function collectLongTimers(): () => void {
  const original = globalThis.setTimeout;
  const long = new Set<NodeJS.Timeout>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const timer = original(callback, delay, ...args);
    if ((delay ?? 0) >= 60_000) long.add(timer);
    return timer;
  }) as typeof setTimeout;
  return () => {
    globalThis.setTimeout = original;
    for (const timer of long) timer.unref();
  };
}
