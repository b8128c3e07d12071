// Shared by the Synapse tests of rooms as they really behave (upgrades, kicks, threads,
// direct rooms, crisis restore): plain client-server calls as other users, and Foyer
// itself wired as main.ts wires it.
import { createMatrixAdapter, type MatrixAdapterOptions } from '../../../src/adapters/matrix/matrix.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { communityId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import type { AnyFeature } from '../../../src/features/define.ts';
import { FEATURES } from '../../../src/features/index.ts';
import type { Storage } from '../../../src/storage/index.ts';
import type { RegisteredUser, SynapseServer } from '../../support/synapse/index.ts';
import { testConfig } from '../../support/harness.ts';

export type Raw = {
  type: string;
  sender: string;
  event_id: string;
  state_key?: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
};

export class Homeserver {
  private txn = 0;
  constructor(readonly server: SynapseServer) {}

  async call(user: RegisteredUser, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  private room = (room: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(room)}`;

  createRoom = async (user: RegisteredUser, body: Record<string, unknown>) =>
    String((await this.call(user, 'POST', '/_matrix/client/v3/createRoom', body)).room_id);
  join = (user: RegisteredUser, room: string) =>
    this.call(user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(room)}`, {});
  leave = (user: RegisteredUser, room: string) => this.call(user, 'POST', `${this.room(room)}/leave`, {});
  invite = (by: RegisteredUser, user: RegisteredUser, room: string) =>
    this.call(by, 'POST', `${this.room(room)}/invite`, { user_id: user.userId });
  send = async (user: RegisteredUser, room: string, content: Record<string, unknown>, type = 'm.room.message') =>
    String(
      (await this.call(user, 'PUT', `${this.room(room)}/send/${type}/h${Date.now()}-${++this.txn}`, content)).event_id,
    );
  say = (user: RegisteredUser, room: string, body: string) => this.send(user, room, { msgtype: 'm.text', body });
  state = (user: RegisteredUser, room: string, type: string, key = '') =>
    this.call(user, 'GET', `${this.room(room)}/state/${type}/${encodeURIComponent(key)}`);
  setState = (user: RegisteredUser, room: string, type: string, content: Record<string, unknown>, key = '') =>
    this.call(user, 'PUT', `${this.room(room)}/state/${type}/${encodeURIComponent(key)}`, content);
  events = async (user: RegisteredUser, room: string): Promise<Raw[]> =>
    (await this.call(user, 'GET', `${this.room(room)}/messages?dir=b&limit=500`)).chunk as Raw[];
  joinedMembers = async (user: RegisteredUser, room: string) =>
    Object.keys((await this.call(user, 'GET', `${this.room(room)}/joined_members`)).joined as Record<string, unknown>);

  /** Polls the room (as `user`) until an event matches: real network, so it waits, bounded. */
  async waitForEvent(
    user: RegisteredUser,
    room: string,
    match: (e: Raw) => boolean,
    what = 'a matching event',
  ): Promise<Raw> {
    return until(async () => (await this.events(user, room)).find(match), what);
  }
}

/** Waits for a real server or the bot, bounded; the test itself never sleeps on a fixed time. */
export async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const bodyOf = (e: Raw) => String(e.content['body'] ?? '');

/**
 * Moves a fake clock along with the wall clock, as the console does in a terminal: Foyer on
 * a real homeserver then keeps its welcome channel's pace in real time (a welcome held back
 * goes out in the next grouped message a few seconds later). Returns how to stop it.
 */
export function followWallClock(time: FakeTime): () => void {
  let last = Date.now();
  let moving: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const now = Date.now();
    const elapsed = now - last;
    last = now;
    // One advance at a time: the fake clock's work runs in order.
    moving = moving.then(() => time.advance(elapsed)).catch(() => undefined);
  }, 200);
  timer.unref();
  return () => clearInterval(timer);
}

export interface FoyerSetup {
  server: SynapseServer;
  botUser: RegisteredUser;
  storage: Storage;
  channels: Record<string, string>;
  features?: Record<string, unknown>;
  adapter?: Partial<MatrixAdapterOptions>;
  /** Probe features next to the real ones. */
  extra?: readonly AnyFeature[];
}

/** Foyer on Matrix, with every feature; `rooms` are the configured channels' rooms. */
export class MatrixFoyer {
  readonly logger = createMemoryLogger();
  bot!: Bot;
  adapter!: ReturnType<typeof createMatrixAdapter>;
  private stopClock: (() => void) | undefined;
  constructor(private readonly setup: FoyerSetup) {}

  async start(): Promise<this> {
    const { server, botUser, storage, channels } = this.setup;
    const config = testConfig({
      channels,
      features: { welcome: { burst: { threshold: 100 } }, ...this.setup.features },
    });
    this.adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [...new Set(Object.values(channels))],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger: this.logger,
      clock: systemClock,
      ...this.setup.adapter,
    });
    const time = new FakeTime(Date.now());
    this.stopClock = followWallClock(time);
    this.bot = createBot({
      config,
      adapter: this.adapter,
      storage,
      clock: time.clock,
      waker: time,
      logger: this.logger,
      features: [...FEATURES, ...(this.setup.extra ?? [])],
    });
    await this.bot.start();
    return this;
  }

  stop() {
    this.stopClock?.();
    return this.bot.stop();
  }

  /** Log records at warning level and above whose message contains `part`. */
  problems(part: string) {
    return this.logger.records.filter((r) => (r.level === 'warn' || r.level === 'error') && r.message.includes(part));
  }
}
