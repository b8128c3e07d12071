// Issue 20 (items 1, 2, 4, 8): Foyer in real Matrix rooms — several rooms per member, gappy
// syncs, room version 12 creators, redactions. Real matrix-js-sdk against a real Synapse.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixAdapter } from '../../../src/adapters/matrix/matrix.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { communityId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { FEATURES } from '../../../src/features/index.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { testConfig } from '../../support/harness.ts';
import { followWallClock, Homeserver, until } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix rooms tests: ${synapse.skip}`);

type Raw = { type: string; sender: string; event_id: string; content: Record<string, unknown> };

let server: SynapseServer;
let owner: RegisteredUser;
let botUser: RegisteredUser;

/** Client-server calls as other users, through the shared harness. */
const call = (...args: Parameters<Homeserver['call']>) => new Homeserver(server).call(...args);
const room = (id: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(id)}`;
const join = (user: RegisteredUser, id: string) =>
  call(user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(id)}`, {});
const leave = (user: RegisteredUser, id: string) => call(user, 'POST', `${room(id)}/leave`, {});
let txn = 0;
const say = (user: RegisteredUser, id: string, body: string) =>
  call(user, 'PUT', `${room(id)}/send/m.room.message/r${Date.now()}-${++txn}`, { msgtype: 'm.text', body });
const roomEvents = async (user: RegisteredUser, id: string): Promise<Raw[]> =>
  (await call(user, 'GET', `${room(id)}/messages?dir=b&limit=500`)).chunk as Raw[];

/** Foyer's messages that mention `user`: welcomes, since nothing else here pings anyone. */
const pingsOf = (events: Raw[], user: RegisteredUser) =>
  events.filter(
    (e) =>
      e.sender === botUser.userId &&
      e.type === 'm.room.message' &&
      ((e.content['m.mentions'] as { user_ids?: string[] })?.user_ids ?? []).includes(user.userId),
  );

/**
 * Foyer reaches Synapse through this gate. Closing it holds Foyer's next /sync, as a
 * network stall or a busy process would, so the sync after it comes back `limited`.
 */
class SyncGate {
  private held: (() => void)[] | undefined;
  private readonly http: Server;
  constructor(private readonly target: string) {
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (this.held && req.url?.includes('/sync')) await new Promise<void>((r) => this.held!.push(r));
          const headers = Object.fromEntries(
            Object.entries(req.headers).filter(
              ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
            ),
          ) as Record<string, string>;
          const upstream = await fetch(`${this.target}${req.url}`, {
            method: req.method!,
            headers,
            ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
          });
          const body = Buffer.from(await upstream.arrayBuffer());
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          });
          res.end(body);
        })().catch(() => res.destroy());
      });
    });
  }
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }
  close() {
    this.held ??= [];
  }
  open() {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const release of waiting) release();
  }
  stop() {
    this.open();
    this.http.closeAllConnections();
    this.http.close();
  }
}

describe.skipIf(skip)('Matrix as real rooms behave (Synapse)', () => {
  let storage: Storage;
  let bot: Bot;
  let stopClock: (() => void) | undefined;
  let gate: SyncGate;
  let garden: string; // the welcome room
  let workshop: string; // a second configured room
  let v12: string; // a room version 12 room, created by `owner`
  const logger = createMemoryLogger();
  const member = (user: RegisteredUser) => storage.members.get('demo-garden', `matrix:${user.userId}`);

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    owner = await server.registerUser('owner');
    botUser = await server.registerUser('foyer');
    const create = (extra: Record<string, unknown>) =>
      call(owner, 'POST', '/_matrix/client/v3/createRoom', {
        preset: 'public_chat',
        invite: [botUser.userId],
        ...extra,
      });
    // Foyer moderates the two older-version rooms; in v12 the owner is a creator, listed in no `users`.
    garden = String(
      (
        await create({
          name: 'Garden',
          room_version: '11',
          power_level_content_override: { users: { [owner.userId]: 100, [botUser.userId]: 100 } },
        })
      ).room_id,
    );
    workshop = String((await create({ name: 'Workshop', room_version: '11' })).room_id);
    v12 = String((await create({ name: 'Twelve', room_version: '12' })).room_id);
    storage = openStorage(':memory:');
    gate = new SyncGate(server.baseUrl);
    const config = testConfig({
      channels: { general: garden, welcome: garden, introductions: garden, workshop, twelve: v12 },
      features: { welcome: { burst: { threshold: 1000 } } },
    });
    const adapter = createMatrixAdapter({
      homeserverUrl: await gate.listen(),
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [garden, workshop, v12],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger,
      clock: systemClock,
    });
    const time = new FakeTime(Date.now());
    stopClock = followWallClock(time);
    bot = createBot({ config, adapter, storage, clock: time.clock, waker: time, logger, features: FEATURES });
    await bot.start();
  }, 240_000);

  afterAll(async () => {
    stopClock?.();
    await bot?.stop().catch(() => undefined);
    gate?.stop();
    await server?.stop();
  }, 30_000);

  /** Waits for the welcome of a fresh user who joins the garden: everything before it was handled. */
  async function settled(): Promise<void> {
    const marker = await server.registerUser(`marker${++txn}`);
    await join(marker, garden);
    await until(
      async () => (pingsOf(await roomEvents(owner, garden), marker).length > 0 ? true : undefined),
      'the marker’s welcome',
    );
  }

  it('several rooms: joined on the first, welcomed once, left only when in none', async () => {
    const ana = await server.registerUser('ana');
    await join(ana, garden);
    await until(
      async () => (pingsOf(await roomEvents(owner, garden), ana).length > 0 ? true : undefined),
      'ana’s welcome',
    );
    const joinedAt = member(ana)!.joinedAt;
    await join(ana, workshop);
    await settled();
    expect(pingsOf(await roomEvents(owner, garden), ana)).toHaveLength(1);
    expect(member(ana)!.joinedAt).toEqual(joinedAt);

    await leave(ana, garden);
    await settled();
    expect(member(ana)!.leftAt).toBeNull();

    await leave(ana, workshop);
    await until(() => (member(ana)!.leftAt ? true : undefined), 'ana left the community');
  }, 60_000);

  it('a profile change in one room is not a join', async () => {
    const bea = await server.registerUser('bea');
    await join(bea, garden);
    await until(
      async () => (pingsOf(await roomEvents(owner, garden), bea).length > 0 ? true : undefined),
      'bea’s welcome',
    );
    await call(bea, 'PUT', `${room(garden)}/state/m.room.member/${encodeURIComponent(bea.userId)}`, {
      membership: 'join',
      displayname: 'Bea B.',
    });
    await settled();
    expect(pingsOf(await roomEvents(owner, garden), bea)).toHaveLength(1);
    expect(member(bea)!.displayName).toBe('Bea B.');
  });

  it('a gappy sync (limited timeline): all 15 joins during a stall are recorded', async () => {
    gate.close();
    const crowd: RegisteredUser[] = [];
    for (let i = 0; i < 15; i++) {
      const user = await server.registerUser(`stalled${i}`);
      await join(user, workshop);
      await say(user, workshop, `hi ${i}`);
      crowd.push(user);
    }
    gate.open();
    await until(
      () => (crowd.every((u) => member(u)?.joinedAt) ? true : undefined),
      `joins recorded: ${crowd.filter((u) => member(u)?.joinedAt).length} of 15`,
    );
    for (const user of crowd) expect(member(user)!.leftAt).toBeNull();
  }, 60_000);

  it('room version 12: the room’s creator has unlimited power, so is a moderator', async () => {
    await say(owner, v12, '!onboarding stats');
    const dm = await until(() => storage.keyValue.get('matrix.dm', owner.userId), 'a DM room for the owner');
    await join(owner, dm);
    const answer = await until(
      async () => (await roomEvents(owner, dm)).find((e) => e.sender === botUser.userId && e.type === 'm.room.message'),
      'an answer',
    );
    expect(String(answer.content['body'])).toContain('Newcomers of the last');
  });

  it('a redacted message stops counting as activity', async () => {
    const cid = await server.registerUser('cid');
    await join(cid, garden);
    const kept = await say(cid, garden, 'a message that stays');
    const gone = await say(cid, garden, 'a message removed soon');
    const messagesOf = () => storage.members.messageActivity('demo-garden', `matrix:${cid.userId}`).count;
    await until(() => (messagesOf() === 2 ? true : undefined), 'two messages counted');
    await call(owner, 'PUT', `${room(garden)}/redact/${encodeURIComponent(String(gone.event_id))}/x${++txn}`, {
      reason: 'spam',
    });
    await until(() => (messagesOf() === 1 ? true : undefined), 'one message left after the redaction');
    expect(kept.event_id).toBeTruthy();
  }, 60_000);
});
