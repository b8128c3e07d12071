/**
 * Discord's REST rate limits, as its documentation describes them
 * (https://discord.com/developers/docs/topics/rate-limits):
 *
 * - Per-route buckets: each route has a limit per window, counted separately for each
 *   top-level resource in the path (channel, guild, webhook or interaction). Every
 *   answer carries X-RateLimit-Limit, -Remaining, -Reset (epoch seconds), -Reset-After
 *   (seconds) and -Bucket (a hash shared by a route's buckets, without the resource). One
 *   request too many gets 429 `{ message, retry_after, global: false }` with Retry-After
 *   and X-RateLimit-Scope: user. Creating a message: 5 per 5 s per channel.
 * - The global limit: 50 requests per second per bot, whatever the route; beyond it 429
 *   with X-RateLimit-Global: true, X-RateLimit-Scope: global and `"global": true`.
 *   Interaction endpoints (the callback and the interaction's webhook) are not bound to it.
 * - The invalid-request limit: 401, 403 and 429 answers (not a 429 of scope `shared`)
 *   count; 10,000 within 10 minutes gets the IP banned for a while. The fake counts them.
 *
 * Windows start at the first request after the previous window ended, as the Reset-After
 * header implies. Everything here is off unless `rateLimits` is given to the fake, so
 * tests that do not care never wait.
 */
import { createHash } from 'node:crypto';

export interface RouteLimit {
  /** Requests per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitModelOptions {
  /** Limits per route template (`POST /channels/:channelId/messages`); Discord's message create by default. */
  routes?: Record<string, RouteLimit>;
  /** Every other authenticated route (Discord does not document them; default 50 per second). */
  otherRoutes?: RouteLimit;
  /** The global limit (Discord: 50 requests per second). */
  global?: RouteLimit;
  /** Send Retry-After rounded up to whole seconds, as Discord does. Default false: decimals, like the body. */
  integerRetryAfterHeader?: boolean;
}

export const DISCORD_ROUTE_LIMITS: Record<string, RouteLimit> = {
  'POST /channels/:channelId/messages': { limit: 5, windowMs: 5_000 },
};
export const DISCORD_GLOBAL_LIMIT: RouteLimit = { limit: 50, windowMs: 1_000 };
/** Discord bans an IP for a while after this many invalid requests within the window. */
export const INVALID_REQUEST_LIMIT = 10_000;
export const INVALID_REQUEST_WINDOW_MS = 10 * 60_000;

/** Path parameters Discord counts a route's limit separately for. */
const TOP_LEVEL_PARAMS = ['channelId', 'guildId', 'webhookId', 'interactionId', 'applicationId', 'token'];

interface Window {
  startedAt: number;
  used: number;
  /** A 429 was sent in this window: any request before its end ignored retry_after. */
  limited: boolean;
}

export interface RateLimitOutcome {
  status: 429;
  headers: Record<string, string>;
  body: { message: string; retry_after: number; global: boolean };
  /** The client came back before retry_after had passed. */
  violation: boolean;
}

export interface RateLimitStats {
  /** 429s from per-route buckets. */
  route: number;
  /** 429s from the global limit. */
  global: number;
  /** Requests that came back within a retry_after (the client did not wait). */
  violations: number;
}

export const bucketHash = (template: string): string => createHash('sha1').update(template).digest('hex').slice(0, 32);

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** Per-route and global buckets of one bot. */
export class RateLimitModel {
  readonly stats: RateLimitStats = { route: 0, global: 0, violations: 0 };
  readonly #routes: Record<string, RouteLimit>;
  readonly #other: RouteLimit;
  readonly #global: RouteLimit;
  readonly #integerRetryAfter: boolean;
  readonly #buckets = new Map<string, Window>();
  #globalWindow: Window = { startedAt: -Infinity, used: 0, limited: false };

  constructor(options: RateLimitModelOptions = {}) {
    this.#routes = options.routes ?? DISCORD_ROUTE_LIMITS;
    this.#other = options.otherRoutes ?? { limit: 50, windowMs: 1_000 };
    this.#global = options.global ?? DISCORD_GLOBAL_LIMIT;
    this.#integerRetryAfter = options.integerRetryAfterHeader ?? false;
  }

  /**
   * Counts one request against its buckets. Returns the 429 to answer, or the bucket
   * headers to send with the real answer.
   */
  take(
    route: string,
    params: Record<string, string>,
    now: number,
  ): { limited: RateLimitOutcome } | { headers: Record<string, string> } {
    const exempt = isInteractionRoute(route);
    if (!exempt) {
      const global = this.#globalWindow;
      this.#globalWindow = this.#fresh(global, this.#global, now);
      if (this.#globalWindow.used >= this.#global.limit) return { limited: this.#globalLimited(now) };
    }
    const limit = this.#routes[route] ?? this.#other;
    const key = [route, ...TOP_LEVEL_PARAMS.map((p) => params[p] ?? '')].join('|');
    const bucket = this.#fresh(this.#buckets.get(key), limit, now);
    this.#buckets.set(key, bucket);
    const resetAfter = bucket.startedAt + limit.windowMs - now;
    if (bucket.used >= limit.limit) {
      const violation = bucket.limited;
      bucket.limited = true;
      this.stats.route++;
      if (violation) this.stats.violations++;
      return {
        limited: {
          status: 429,
          headers: {
            ...this.#bucketHeaders(route, limit, 0, resetAfter, now),
            'retry-after': this.#retryAfterHeader(resetAfter),
            'x-ratelimit-scope': 'user',
          },
          body: { message: 'You are being rate limited.', retry_after: Number(seconds(resetAfter)), global: false },
          violation,
        },
      };
    }
    bucket.used++;
    if (!exempt) this.#globalWindow.used++;
    return { headers: this.#bucketHeaders(route, limit, limit.limit - bucket.used, resetAfter, now) };
  }

  #globalLimited(now: number): RateLimitOutcome {
    const window = this.#globalWindow;
    const violation = window.limited;
    window.limited = true;
    this.stats.global++;
    if (violation) this.stats.violations++;
    const retryAfter = window.startedAt + this.#global.windowMs - now;
    return {
      status: 429,
      headers: {
        'retry-after': this.#retryAfterHeader(retryAfter),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      },
      body: { message: 'You are being rate limited.', retry_after: Number(seconds(retryAfter)), global: true },
      violation,
    };
  }

  #fresh(window: Window | undefined, limit: RouteLimit, now: number): Window {
    if (window && now < window.startedAt + limit.windowMs) return window;
    return { startedAt: now, used: 0, limited: false };
  }

  #retryAfterHeader(ms: number): string {
    return this.#integerRetryAfter ? String(Math.ceil(ms / 1000)) : String(Number(seconds(ms)));
  }

  #bucketHeaders(
    route: string,
    limit: RouteLimit,
    remaining: number,
    resetAfterMs: number,
    now: number,
  ): Record<string, string> {
    return {
      'x-ratelimit-bucket': bucketHash(route),
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': seconds(now + resetAfterMs),
      'x-ratelimit-reset-after': seconds(resetAfterMs),
    };
  }
}

/** The interaction callback and the interaction's webhook (follow-ups, edits): outside the global limit. */
export const isInteractionRoute = (route: string): boolean =>
  route.includes(' /interactions/') || route.includes(' /webhooks/');

/** Invalid requests (401, 403, 429 but a shared-scope 429) within Discord's 10-minute window. */
export class InvalidRequestCounter {
  /** Every invalid request since the fake started. */
  total = 0;
  readonly #at: number[] = [];

  /** Counts an answer if Discord would. */
  observe(status: number, scope: string | undefined, now: number): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    if (status === 429 && scope === 'shared') return;
    this.total++;
    this.#at.push(now);
  }

  /** Invalid requests within the last 10 minutes. */
  inWindow(now: number): number {
    while (this.#at.length > 0 && this.#at[0]! <= now - INVALID_REQUEST_WINDOW_MS) this.#at.shift();
    return this.#at.length;
  }

  /** Whether real Discord would have banned the IP by now. */
  wouldBeBanned(now: number): boolean {
    return this.inWindow(now) >= INVALID_REQUEST_LIMIT;
  }
}
