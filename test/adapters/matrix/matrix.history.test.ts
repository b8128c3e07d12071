// Issue: Foyer joining a room must treat the room's recent timeline as history, never as
// live events. Real matrix-js-sdk against a real Synapse on loopback.
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
import { Homeserver, until, type Raw } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix history tests: ${synapse.skip}`);

let server: SynapseServer;
let hs: Homeserver;
let owner: RegisteredUser;
let botUser: RegisteredUser;

/** Owner invites: needed in the invite-only room, harmless in the public one. */
const invite = (user: RegisteredUser, room: string) => hs.invite(owner, user, room);
const roomEvents = (room: string) => hs.events(owner, room);

/** Foyer's messages in `room` that mention `user`: welcomes, since nothing else here pings anyone. */
const pingsOf = (events: Raw[], user: RegisteredUser) =>
  events.filter(
    (e) =>
      e.sender === botUser.userId &&
      e.type === 'm.room.message' &&
      ((e.content['m.mentions'] as { user_ids?: string[] })?.user_ids ?? []).includes(user.userId),
  );

async function crowd(prefix: string, n: number, room: string): Promise<RegisteredUser[]> {
  const people: RegisteredUser[] = [];
  for (let i = 0; i < n; i++) {
    const user = await server.registerUser(`${prefix}${i}`);
    await invite(user, room);
    await hs.join(user, room);
    // Old messages too: none of them is activity once Foyer arrives.
    if (i % 5 === 0) await hs.say(user, room, `hello from before, ${i}`);
    people.push(user);
  }
  return people;
}

describe.skipIf(skip)('Matrix: people already in a room when Foyer joins it are never welcomed', () => {
  let storage: Storage;
  let bot: Bot;
  let welcomeRoom: string;
  let laterRoom: string;
  let before: RegisteredUser[];
  const logger = createMemoryLogger();
  let time: FakeTime;
  /**
   * The room's events once each newcomer has a welcome. Foyer's clock moves a second per
   * look: welcomes the channel's pace holds back for a grouped message go out, as they
   * would in real time.
   */
  const welcomedAll = (fresh: readonly RegisteredUser[], what: string) =>
    until(
      async () => {
        await time.advance(1_000);
        const all = await roomEvents(welcomeRoom);
        return fresh.every((u) => pingsOf(all, u).length > 0) ? all : undefined;
      },
      what,
      45_000,
    );

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    hs = new Homeserver(server);
    owner = await server.registerUser('owner');
    botUser = await server.registerUser('foyer');
    welcomeRoom = await hs.createRoom(owner, { preset: 'public_chat', name: 'Garden', invite: [botUser.userId] });
    // A second configured room, invite-only, that Foyer is invited to only while running.
    laterRoom = await hs.createRoom(owner, { preset: 'private_chat', name: 'Workshop' });
    before = await crowd('early', 30, welcomeRoom);
    storage = openStorage(':memory:');
    const config = testConfig({
      channels: { general: welcomeRoom, welcome: welcomeRoom, introductions: welcomeRoom, workshop: laterRoom },
      // Personal welcomes for everyone, so a false join would show as a ping.
      features: { welcome: { burst: { threshold: 1000 } } },
    });
    const adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [welcomeRoom, laterRoom],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger,
      clock: systemClock,
    });
    time = new FakeTime(Date.now());
    bot = createBot({ config, adapter, storage, clock: time.clock, waker: time, logger, features: FEATURES });
    await bot.start();
  }, 240_000);

  afterAll(async () => {
    await bot?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('first start in a room of 30: nobody welcomed; then 3 new joins: exactly 3 welcomes', async () => {
    const fresh: RegisteredUser[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await server.registerUser(`new${i}`);
      await hs.join(user, welcomeRoom);
      fresh.push(user);
    }
    const events = await welcomedAll(fresh, 'welcomes for the 3 newcomers');
    for (const user of fresh) expect(pingsOf(events, user)).toHaveLength(1);
    expect(before.flatMap((u) => pingsOf(events, u))).toHaveLength(0);
    expect(before.filter((u) => storage.members.get('demo-garden', `matrix:${u.userId}`) !== undefined)).toEqual([]);
  }, 60_000);

  it('an invite accepted while running: the room’s members are history, its next 3 joins are welcomed', async () => {
    const regulars = await crowd('regular', 30, laterRoom);
    await invite(botUser, laterRoom);
    await until(
      async () => ((await hs.joinedMembers(owner, laterRoom)).includes(botUser.userId) ? true : undefined),
      'Foyer joins the room it was invited to',
    );
    const fresh: RegisteredUser[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await server.registerUser(`late${i}`);
      await invite(user, laterRoom);
      await hs.join(user, laterRoom);
      fresh.push(user);
    }
    const events = await welcomedAll(fresh, 'welcomes for the 3 who joined after the invite');
    for (const user of fresh) expect(pingsOf(events, user)).toHaveLength(1);
    expect(regulars.flatMap((u) => pingsOf(events, u))).toHaveLength(0);
    // Nor is any of their old messages activity: Foyer keeps no record of them at all, as it
    // does of each live newcomer.
    expect(fresh.filter((u) => storage.members.get('demo-garden', `matrix:${u.userId}`) === undefined)).toEqual([]);
    expect(regulars.filter((u) => storage.members.get('demo-garden', `matrix:${u.userId}`) !== undefined)).toEqual([]);
  }, 90_000);
});
