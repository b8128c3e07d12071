import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { createBot, type Bot, type BotDeps } from '../../src/bot.ts';
import { parseDuration } from '../../src/core/clock.ts';
import type { FoyerEvent } from '../../src/core/events.ts';
import { FakeTime } from '../../src/core/fake-time.ts';
import { channelId, communityId, eventId, memberId, messageId, type MemberId } from '../../src/core/ids.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import type { Role } from '../../src/core/roles.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { FoyerConfig } from '../../src/config/schema.ts';
import { FEATURES } from '../../src/features/index.ts';
import type { Storage } from '../../src/storage/index.ts';
import { openTestStorage } from './postgres/database.ts';
import { FakePlatform } from './fake-platform.ts';

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};

const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
};

/** The example config (so tests also prove it works), with per-test overrides, through the real loader. */
export function testConfig(overrides: Record<string, unknown> = {}): FoyerConfig {
  const example = parse(readFileSync('config/community.example.yaml', 'utf8')) as Record<string, unknown>;
  const merged = merge(merge(example, { database: { path: ':memory:' } }), overrides);
  // Built-in messages by default, so tests read the same text the product ships.
  merged['templates'] = overrides['templates'] ?? {};
  // Quiet-channel questions stay idle unless a test is about them, so other stories are not interrupted.
  const features = merged['features'] as Record<string, Record<string, unknown>>;
  if (!(overrides['features'] as Record<string, unknown> | undefined)?.['quietQuestions'])
    features['quietQuestions']!['channels'] = [];
  if (!(overrides['features'] as Record<string, unknown> | undefined)?.['calendar'])
    features['calendar']!['entries'] = [];
  // Health reports stay off unless a test is about them, so other stories' channels stay quiet.
  if (!(overrides['features'] as Record<string, unknown> | undefined)?.['health'])
    features['health']!['enabled'] = false;
  const result = parseConfig('test.yaml', stringify(merged), {});
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.value.config;
}

export const START = new Date('2026-03-02T09:00:00Z');

/**
 * A story-like test bot: real event bus, real features, real in-memory SQLite with the
 * real migrations, a fake platform and fake time. Nothing sleeps.
 */
export class Harness {
  readonly platform = new FakePlatform();
  readonly logger = createMemoryLogger();
  bot!: Bot;
  #n = 0;
  readonly roles = new Map<string, Role>();

  constructor(
    readonly config: FoyerConfig,
    readonly time: FakeTime,
    readonly storage: Storage,
    /** Other features or content files than the product's, for tests about the feature context itself. */
    readonly deps: Partial<Pick<BotDeps, 'features' | 'readContentFile' | 'metrics' | 'ownPorts'>> = {},
  ) {}

  static async start(
    overrides: Record<string, unknown> = {},
    start = START,
    deps: Harness['deps'] = {},
  ): Promise<Harness> {
    const config = testConfig(overrides);
    const h = new Harness(config, new FakeTime(start), openTestStorage(), deps);
    await h.boot();
    return h;
  }

  async boot(): Promise<void> {
    this.bot = createBot({
      config: this.config,
      adapter: this.platform,
      storage: this.storage,
      clock: this.time.clock,
      waker: this.time,
      logger: this.logger,
      features: FEATURES,
      ...this.deps,
    });
    await this.bot.start();
    await this.time.settle();
  }

  /** Stops this bot and starts a new one on the same database, as a process restart would. */
  async restart(downFor = 0): Promise<void> {
    await this.bot.stop();
    // While "down", time passes with no bot to wake: build a fresh FakeTime at the later moment.
    const later = new Date(this.time.now().getTime() + downFor);
    (this as { time: FakeTime }).time = new FakeTime(later);
    await this.boot();
  }

  get community() {
    return communityId(this.config.community.id);
  }

  member(name: string): MemberId {
    return memberId('console', name);
  }

  async deliver(event: FoyerEvent): Promise<void> {
    await this.time.track(this.platform.deliver(event));
  }

  joinEvent(name: string, options: { photo?: boolean; id?: string } = {}): FoyerEvent {
    return {
      type: 'member.joined',
      id: eventId('console', options.id ?? `join-${++this.#n}`),
      community: this.community,
      at: this.time.now(),
      member: { id: this.member(name), displayName: name },
      hasPhoto: options.photo ?? false,
    };
  }

  join(name: string, options: { photo?: boolean } = {}) {
    return this.deliver(this.joinEvent(name, options));
  }

  leave(name: string) {
    return this.deliver({
      type: 'member.left',
      id: eventId('console', `leave-${++this.#n}`),
      community: this.community,
      at: this.time.now(),
      member: { id: this.member(name), displayName: name },
    });
  }

  setPhoto(name: string, hasPhoto: boolean) {
    return this.deliver({
      type: 'member.updated',
      id: eventId('console', `upd-${++this.#n}`),
      community: this.community,
      at: this.time.now(),
      member: { id: this.member(name), displayName: name },
      hasPhoto,
    });
  }

  post(name: string, channel: string, text: string) {
    const n = ++this.#n;
    return this.deliver({
      type: 'message.posted',
      id: eventId('console', `msg-${n}`),
      community: this.community,
      at: this.time.now(),
      author: { id: this.member(name), displayName: name },
      channel: channelId('console', channel),
      message: messageId('console', `m-${n}`),
      text,
    });
  }

  /** Runs `/line` as `name`, with their role (member unless set with `roles`). */
  command(name: string, line: string) {
    const [cmd = '', ...rest] = line.replace(/^\//, '').split(' ');
    return this.deliver({
      type: 'command.invoked',
      id: eventId('console', `cmd-${++this.#n}`),
      community: this.community,
      at: this.time.now(),
      invocation: {
        name: cmd,
        argText: rest.join(' '),
        invoker: { id: this.member(name), displayName: name },
        role: this.roles.get(name) ?? 'member',
        channel: channelId('console', 'general'),
        replyHandle: null,
      },
    });
  }

  advance(duration: string) {
    const ms = parseDuration(duration);
    if (ms === undefined) throw new Error(`bad duration ${duration}`);
    return this.time.advance(ms);
  }

  get sent() {
    return this.platform.sent;
  }

  /** The last thing said to `name` in reply to a command. */
  lastReplyTo(name: string): string | undefined {
    return this.sent.filter((s) => s.kind === 'reply' && s.to === `@${name}`).at(-1)?.text;
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    this.storage.close();
  }
}

export type { DeepPartial };
