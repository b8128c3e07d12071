/**
 * The account's send budget, shared by everything Foyer posts. Synapse limits an account to
 * about 0.2 messages a second with a burst of 10 (rc_message, which creating a room also
 * takes from, besides its own limit). matrix-js-sdk's own scheduler sends every message in one first-in,
 * first-out queue, so during a raid a member's command answer waited behind every welcome
 * queued before it. Here requests go one at a time, as the SDK's did, but from two lanes:
 * answers to a member's command first, then everything else (welcomes, posts), each lane in
 * order. A rate-limited request waits the time the server gives; the next request after
 * the wait is an answer if one is waiting, else the one that was limited.
 */
import type { Logger } from '../../core/logger.ts';

/** `answer`: a reply to what a member just asked (goes first); `broadcast`: every other send. */
export type SendPriority = 'answer' | 'broadcast';

export interface RunOptions {
  /**
   * A rate limit longer than this is another limiter's (Synapse's room creation allows one a
   * minute past its burst): the request leaves the queue with its error instead of holding
   * every send for that long. The caller waits it out and asks again.
   */
  longestWaitInQueueMs?: number;
}

export interface SendQueue {
  /** Runs `request` when its turn comes; retries it while the server rate-limits it. */
  run<T>(priority: SendPriority, request: () => Promise<T>, options?: RunOptions): Promise<T>;
  /** Requests waiting (not the one in flight), by lane. */
  readonly waiting: { answer: number; broadcast: number };
}

export interface SendQueueOptions {
  /** Waits `ms`; a timer in production, the fake clock in tests. */
  wait(ms: number): Promise<void>;
  logger?: Logger;
  /** false: answers wait in the same first-in, first-out lane as the rest (benches compare). Default true. */
  answersFirst?: boolean;
}

/** How a failure says it was rate limited, and for how long (matrix-js-sdk's MatrixError). */
interface MaybeRateLimited {
  errcode?: string;
  httpStatus?: number;
  getRetryAfterMs?: () => number | null;
  data?: { retry_after_ms?: number };
}

/** Other transient failures (network, 5xx) are tried this many times in all, as the SDK did. */
const TRANSIENT_ATTEMPTS = 5;
/** A server that names no wait (or an absurd one): wait this, at most this. */
const DEFAULT_WAIT_MS = 1_000;
export const LONGEST_WAIT_MS = 60_000;

/** The wait a rate-limited failure asks for, or undefined when `error` is no rate limit. */
export function rateLimitWait(error: unknown): number | undefined {
  const e = error as MaybeRateLimited | undefined;
  if (!e || (e.errcode !== 'M_LIMIT_EXCEEDED' && e.httpStatus !== 429)) return undefined;
  const asked = e.getRetryAfterMs?.() ?? e.data?.retry_after_ms;
  return typeof asked === 'number' && asked > 0 ? Math.min(asked, LONGEST_WAIT_MS) : DEFAULT_WAIT_MS;
}

/** A failure worth trying again (the network, or the server's 5xx); a 4xx is an answer. */
function transient(error: unknown): boolean {
  const status = (error as MaybeRateLimited | undefined)?.httpStatus;
  return status === undefined ? (error as Error | undefined)?.name === 'ConnectionError' : status >= 500;
}

interface Item {
  request: () => Promise<unknown>;
  longestWaitMs: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

export function createSendQueue(options: SendQueueOptions): SendQueue {
  const lanes: Record<SendPriority, Item[]> = { answer: [], broadcast: [] };
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      for (;;) {
        const lane = lanes.answer.length > 0 ? lanes.answer : lanes.broadcast;
        const item = lane.shift();
        if (!item) return;
        item.attempts++;
        try {
          item.resolve(await item.request());
        } catch (error) {
          const limited = rateLimitWait(error);
          const retry =
            limited === undefined
              ? transient(error) && item.attempts < TRANSIENT_ATTEMPTS
              : limited <= item.longestWaitMs;
          if (!retry) {
            item.reject(error);
            continue;
          }
          // Back at the head of its lane: it keeps its place, but an answer may go first.
          lane.unshift(item);
          const ms = limited ?? DEFAULT_WAIT_MS * 2 ** (item.attempts - 1);
          options.logger?.debug('matrix send waits', { ms, rateLimited: limited !== undefined });
          await options.wait(ms);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    run<T>(priority: SendPriority, request: () => Promise<T>, run?: RunOptions): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        lanes[options.answersFirst === false ? 'broadcast' : priority].push({
          request,
          longestWaitMs: run?.longestWaitInQueueMs ?? LONGEST_WAIT_MS,
          resolve: resolve as (value: unknown) => void,
          reject,
          attempts: 0,
        });
        if (!running) void drain();
      });
    },
    get waiting() {
      return { answer: lanes.answer.length, broadcast: lanes.broadcast.length };
    },
  };
}
