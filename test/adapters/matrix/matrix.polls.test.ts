// Issue 20 (item 10): native poll ballots as Matrix clients send them, across a restart.
// Real matrix-js-sdk against a real Synapse; Element's own poll classes read and vote.
import { PollResponseEvent } from 'matrix-js-sdk/lib/extensible_events_v1/PollResponseEvent.js';
import { PollStartEvent } from 'matrix-js-sdk/lib/extensible_events_v1/PollStartEvent.js';
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
import { Homeserver, until } from './matrix-harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix poll tests: ${synapse.skip}`);

type Raw = { type: string; sender: string; event_id: string; content: Record<string, unknown> };

let server: SynapseServer;
let owner: RegisteredUser;
let botUser: RegisteredUser;

/** Client-server calls as other users, through the shared harness. */
const call = (...args: Parameters<Homeserver['call']>) => new Homeserver(server).call(...args);
const room = (id: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(id)}`;
const join = (user: RegisteredUser, id: string) =>
  call(user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(id)}`, {});
let txn = 0;
const say = (user: RegisteredUser, id: string, body: string) =>
  call(user, 'PUT', `${room(id)}/send/m.room.message/r${Date.now()}-${++txn}`, { msgtype: 'm.text', body });
const roomEvents = async (user: RegisteredUser, id: string): Promise<Raw[]> =>
  (await call(user, 'GET', `${room(id)}/messages?dir=b&limit=500`)).chunk as Raw[];

class MatrixFoyer {
  bot!: Bot;
  constructor(
    readonly storage: Storage,
    readonly roomId: string,
  ) {}
  async start(): Promise<this> {
    const config = testConfig({ channels: { general: this.roomId, welcome: this.roomId, introductions: this.roomId } });
    const adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [this.roomId],
      roles: config.roles.matrix,
      keyValue: this.storage.keyValue,
      logger: createMemoryLogger(),
      clock: systemClock,
    });
    const time = new FakeTime(Date.now());
    this.bot = createBot({
      config,
      adapter,
      storage: this.storage,
      clock: time.clock,
      waker: time,
      logger: createMemoryLogger(),
      features: FEATURES,
    });
    await this.bot.start();
    return this;
  }
}

describe.skipIf(skip)('Matrix native polls: ballots as clients send them (Synapse)', () => {
  let storage: Storage;
  let foyer: MatrixFoyer;
  let garden: string;
  let voter: RegisteredUser;

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    owner = await server.registerUser('owner');
    botUser = await server.registerUser('foyer');
    voter = await server.registerUser('voter');
    garden = String(
      (
        await call(owner, 'POST', '/_matrix/client/v3/createRoom', {
          preset: 'public_chat',
          room_version: '11',
          invite: [botUser.userId],
          power_level_content_override: { users: { [owner.userId]: 100, [botUser.userId]: 100 } },
        })
      ).room_id,
    );
    await join(voter, garden);
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer(storage, garden).start();
  }, 240_000);

  afterAll(async () => {
    await foyer?.bot.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('each response replaces the ballot (a1, then a1+a2, then none); answer ids survive a restart; Element reads the poll and its vote counts', async () => {
    await say(owner, garden, '!poll Lunch? | Pizza | Salad | Soup | multiple');
    const start = await until(
      async () =>
        (await roomEvents(owner, garden)).find((e) => e.sender === botUser.userId && e.type === 'm.poll.start'),
      'the native poll',
    );
    // What Element does with a poll event: matrix-js-sdk's parser must accept it.
    const parsed = new PollStartEvent({ type: start.type, content: start.content as never });
    expect(parsed.answers.map((a) => [a.id, a.text])).toEqual([
      ['a1', 'Pizza'],
      ['a2', 'Salad'],
      ['a3', 'Soup'],
    ]);
    expect(parsed.maxSelections).toBe(3);

    const poll = storage.stores.polls.byMessage('demo-garden', `matrix:${start.event_id}`)!;
    const ballot = () => storage.stores.polls.ballot(poll.id, `matrix:${voter.userId}`).join(',');
    const respond = (content: Record<string, unknown>, type = 'm.poll.response') =>
      call(voter, 'PUT', `${room(garden)}/send/${type}/p${Date.now()}-${++txn}`, {
        'm.relates_to': { rel_type: 'm.reference', event_id: start.event_id },
        ...content,
      });

    await respond({ 'm.selections': ['a1'] });
    await until(() => (ballot() === '1' ? true : undefined), 'ballot a1');
    await respond({ 'm.selections': ['a1', 'a2'] });
    await until(() => (ballot() === '1,2' ? true : undefined), `ballot a1+a2 (is ${ballot()})`);

    await foyer.bot.stop();
    foyer = await new MatrixFoyer(storage, garden).start();
    // Element's vote, exactly as Element builds it (unstable MSC3381 type and shape).
    const elementVote = PollResponseEvent.from(['a3'], String(start.event_id)).serialize();
    await respond(elementVote.content as Record<string, unknown>, elementVote.type);
    await until(() => (ballot() === '3' ? true : undefined), `ballot a3 after the restart (is ${ballot()})`);

    await respond({ 'm.selections': [] });
    await until(() => (ballot() === '' ? true : undefined), `vote withdrawn (is ${ballot()})`);
  }, 90_000);
});
