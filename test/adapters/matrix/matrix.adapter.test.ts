// Foyer on Matrix: the real matrix-js-sdk against a real Synapse on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixAdapter, matrixLogin } from '../../../src/adapters/matrix/matrix.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { channelId, communityId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { FEATURES } from '../../../src/features/index.ts';
import { defineFeature, type AnyFeature } from '../../../src/features/define.ts';

/** Stands in for the reports feature (a later issue): records what `!report` delivers. */
const votes: { answer: number; member: string; poll: string }[] = [];
const reportProbe = defineFeature({
  id: 'report-probe',
  description: 'records reports',
  needs: [] as const,
  config: () => ({}),
  setup: () => ({
    on: { 'poll.voted': async (e) => void votes.push({ answer: e.answer, member: e.member.id, poll: e.message }) },
    commands: [],
  }),
});
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { testConfig } from '../../support/harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix adapter tests: ${synapse.skip}`);

let server: SynapseServer;
let bot: RegisteredUser;
let admin: RegisteredUser;
let mod: RegisteredUser;
let roomId: string;

type Raw = { type: string; sender: string; event_id: string; content: Record<string, unknown> };

async function call(
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.baseUrl}${path}`, {
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
const join = (user: RegisteredUser, room: string) =>
  call(user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(room)}`, {});
let txn = 0;
const say = (user: RegisteredUser, room: string, body: string) =>
  call(
    user,
    'PUT',
    `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/t${Date.now()}-${++txn}`,
    { msgtype: 'm.text', body },
  );
const messages = async (user: RegisteredUser, room: string): Promise<Raw[]> =>
  (await call(user, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=200`))
    .chunk as Raw[];

/** Polls the room (as `user`) until an event matches; real network, so it waits, bounded. */
async function waitForEvent(
  user: RegisteredUser,
  room: string,
  match: (e: Raw) => boolean,
  timeoutMs = 15_000,
): Promise<Raw> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await messages(user, room)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no matching Matrix event in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The running Foyer's clock (fake: it moves only when a test moves it). */
let foyerTime: FakeTime;

/**
 * Foyer's welcome for `user`. Foyer's clock moves a second per look: a welcome that the
 * channel's pace holds back for the next grouped message goes out, as it would in real time.
 */
async function waitForWelcome(user: RegisteredUser): Promise<Raw> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await foyerTime.advance(1_000);
    const found = (await messages(user, roomId)).find((e) => welcomesFor([e], user).length > 0);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no welcome for ${user.userId} in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

class MatrixFoyer {
  readonly logger = createMemoryLogger();
  bot!: Bot;
  adapter!: ReturnType<typeof createMatrixAdapter>;
  constructor(
    readonly storage: Storage,
    readonly extra: readonly AnyFeature[] = [],
  ) {}
  async start(): Promise<this> {
    // Many test users join within minutes: keep them under the burst threshold (bursts are tested elsewhere).
    const config = testConfig({
      channels: { general: roomId, welcome: roomId, introductions: roomId },
      features: { welcome: { burst: { threshold: 100 } } },
    });
    this.adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: bot.userId,
      accessToken: bot.accessToken,
      community: communityId(config.community.id),
      rooms: [roomId],
      roles: config.roles.matrix,
      otherBots: ['@*bot:foyer.test'],
      keyValue: this.storage.keyValue,
      logger: this.logger,
      clock: systemClock,
    });
    const time = (foyerTime = new FakeTime(Date.now()));
    this.bot = createBot({
      config,
      adapter: this.adapter,
      storage: this.storage,
      clock: time.clock,
      waker: time,
      logger: this.logger,
      features: [...FEATURES, ...this.extra],
    });
    await this.bot.start();
    return this;
  }
  stop() {
    return this.bot.stop();
  }
}

const welcomesFor = (events: Raw[], user: RegisteredUser) =>
  events.filter(
    (e) =>
      e.sender === bot.userId &&
      e.type === 'm.room.message' &&
      ((e.content['m.mentions'] as { user_ids?: string[] })?.user_ids ?? []).includes(user.userId),
  );

describe.skipIf(skip)('Foyer on Matrix (matrix-js-sdk against Synapse)', () => {
  let storage: Storage;
  let foyer: MatrixFoyer;

  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    console.log(`Matrix adapter tests on Synapse ${server.version}`);
    bot = await server.registerUser('foyer');
    admin = await server.registerUser('owner');
    mod = await server.registerUser('mod');
    const created = await call(admin, 'POST', '/_matrix/client/v3/createRoom', {
      preset: 'public_chat',
      name: 'The Garden',
      invite: [bot.userId],
      power_level_content_override: { users: { [mod.userId]: 50, [bot.userId]: 100 } },
    });
    roomId = String(created.room_id);
    await join(mod, roomId);
    storage = openStorage(':memory:');
    foyer = await new MatrixFoyer(storage, [reportProbe]).start();
  }, 120_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('joined its configured room and welcomed nobody who was already there', async () => {
    const events = await messages(admin, roomId);
    expect(events.some((e) => e.type === 'm.room.member' && e.sender === bot.userId)).toBe(true);
    expect(welcomesFor(events, mod)).toHaveLength(0);
  });

  it('a member joins → a welcome with explicit m.mentions of only that member', async () => {
    const ana = await server.registerUser('ana');
    await join(ana, roomId);
    const welcome = await waitForWelcome(ana);
    expect(String(welcome.content['body'])).toContain('Welcome to The Garden');
    expect(welcome.content['m.mentions']).toEqual({ user_ids: [ana.userId] });
    expect(String(welcome.content['formatted_body'])).toContain(
      `https://matrix.to/#/${encodeURIComponent(ana.userId)}`,
    );
  });

  it('!onboarding → the answer arrives privately in a direct room kept in m.direct', async () => {
    const zoe = await server.registerUser('zoe');
    await join(zoe, roomId);
    await say(zoe, roomId, '!onboarding');
    const dm = await waitUntil(() => storage.keyValue.get('matrix.dm', zoe.userId));
    await join(zoe, dm);
    const answer = await waitForEvent(
      zoe,
      dm,
      (e) => e.sender === bot.userId && String(e.content['body']).includes('Your first steps'),
    );
    expect(answer.content['m.mentions']).toEqual({ user_ids: [] });
    const direct = await call(
      bot,
      'GET',
      `/_matrix/client/v3/user/${encodeURIComponent(bot.userId)}/account_data/m.direct`,
    );
    expect(direct[zoe.userId]).toEqual([dm]);
  });

  it('power levels decide: a member is refused a moderator command, a moderator is answered', async () => {
    await say(mod, roomId, '!onboarding stats 7');
    const modDm = await waitUntil(() => storage.keyValue.get('matrix.dm', mod.userId));
    await join(mod, modDm);
    await waitForEvent(
      mod,
      modDm,
      (e) => e.sender === bot.userId && String(e.content['body']).includes('Newcomers of the last 7 days'),
    );
    const eve = await server.registerUser('eve');
    await join(eve, roomId);
    await say(eve, roomId, '!onboarding stats');
    const eveDm = await waitUntil(() => storage.keyValue.get('matrix.dm', eve.userId));
    await join(eve, eveDm);
    await waitForEvent(
      eve,
      eveDm,
      (e) => e.sender === bot.userId && String(e.content['body']).includes('is for moderators only'),
    );
  });

  it('a restart welcomes nobody twice, and greets who joined while it was away', async () => {
    const before = await server.registerUser('before');
    await join(before, roomId);
    await waitForWelcome(before);
    await foyer.stop();
    const away = await server.registerUser('away');
    await join(away, roomId);
    foyer = await new MatrixFoyer(storage, [reportProbe]).start();
    await waitForWelcome(away).catch((error: unknown) => {
      console.log(JSON.stringify(foyer.logger.records.filter((r) => r.level !== 'debug').slice(-20)));
      throw error;
    });
    const marker = await server.registerUser('marker');
    await join(marker, roomId);
    await waitForWelcome(marker);
    const all = await messages(admin, roomId);
    expect(welcomesFor(all, before)).toHaveLength(1);
    expect(welcomesFor(all, away)).toHaveLength(1);
  });

  it('polls: m.poll.start with a text fallback, responses counted, closed with m.poll.end', async () => {
    const polls = foyer.adapter.ports.polls!;
    const published = await polls.publish(channelId('matrix', roomId), {
      question: 'Next meetup?',
      answers: ['Paris', 'Lyon'],
      durationHours: 24,
      multipleChoice: false,
    });
    expect(published.ok).toBe(true);
    const pollId = published.ok ? published.value.slice('matrix:'.length) : '';
    const start = await waitForEvent(admin, roomId, (e) => e.event_id === pollId);
    expect(start.type).toBe('m.poll.start');
    expect(start.content['m.text']).toEqual([{ body: 'Next meetup?\n1. Paris\n2. Lyon' }]);
    const voter = await server.registerUser('voter');
    await join(voter, roomId);
    await call(
      voter,
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.poll.response/v${Date.now()}`,
      { 'm.relates_to': { rel_type: 'm.reference', event_id: pollId }, 'm.selections': ['a2'] },
    );
    await waitUntil(() => (votes.length > 0 ? true : undefined));
    expect(votes).toEqual([{ answer: 2, member: `matrix:${voter.userId}`, poll: `matrix:${pollId}` }]);
    const pollMessage = published.ok ? published.value : ('' as never);
    expect((await polls.end(channelId('matrix', roomId), pollMessage, 'Le sondage est terminé.')).ok).toBe(true);
    const end = await waitForEvent(admin, roomId, (e) => e.type === 'm.poll.end');
    expect((end.content['m.relates_to'] as { event_id: string }).event_id).toBe(pollId);
    expect(end.content['body']).toBe('Le sondage est terminé.');
  });

  it('!report sent as a reply becomes a report about the offending message', async () => {
    const troll = await server.registerUser('troll');
    await join(troll, roomId);
    const reporter = await server.registerUser('reporter');
    await join(reporter, roomId);
    const bad = await say(troll, roomId, 'something nasty');
    await call(
      reporter,
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/r${Date.now()}`,
      {
        msgtype: 'm.text',
        body: '> <@troll:foyer.test> something nasty\n\n!report insulting a newcomer',
        'm.relates_to': { 'm.in_reply_to': { event_id: bad.event_id } },
      },
    );
    const report = await waitUntil(() => storage.stores.triage.get('demo-garden', 1));
    expect(report).toMatchObject({
      reason: 'insulting a newcomer',
      targetMessageId: `matrix:${String(bad.event_id)}`,
      reporterId: `matrix:${reporter.userId}`,
      evidenceText: 'something nasty',
      evidenceAuthor: `matrix:${troll.userId}`,
    });
  });

  it('logs in with a password when no access token is configured', async () => {
    const token = await matrixLogin(server.baseUrl, bot.userId, bot.password);
    const whoami = await fetch(`${server.baseUrl}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await whoami.json()) as { user_id: string }).user_id).toBe(bot.userId);
  });

  it('lock raises the power needed to post, and restore puts back exactly what was there', async () => {
    const before = await call(
      admin,
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels/`,
    );
    const moderation = foyer.adapter.ports.channelModeration!;
    const locked = await moderation.lock(channelId('matrix', roomId));
    expect(locked.ok).toBe(true);
    const during = await call(
      admin,
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels/`,
    );
    expect(during['events_default']).toBe(50);
    expect((during['events'] as Record<string, number>)['m.room.message']).toBe(50);
    expect((await moderation.restore(channelId('matrix', roomId), locked.ok ? locked.value : {})).ok).toBe(true);
    const after = await call(
      admin,
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.power_levels/`,
    );
    expect(after).toEqual(before);
  });

  it('notices, edits, room state and other bots are neither activity nor commands; a member’s own message is', async () => {
    const send = (user: RegisteredUser, content: Record<string, unknown>) =>
      call(
        user,
        'PUT',
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/n${Date.now()}-${++txn}`,
        content,
      );
    const firstMessageAt = (user: RegisteredUser) =>
      foyer.storage.members.get('demo-garden', `matrix:${user.userId}`)?.firstMessageAt ?? null;
    const kim = await server.registerUser('kim');
    const helper = await server.registerUser('helperbot'); // listed under otherBots
    await join(kim, roomId);
    await join(helper, roomId);
    await waitForWelcome(kim);

    const notice = await send(kim, { msgtype: 'm.notice', body: 'hello from my script' });
    await send(kim, {
      msgtype: 'm.text',
      body: '* hello',
      'm.new_content': { msgtype: 'm.text', body: 'hello' },
      'm.relates_to': { rel_type: 'm.replace', event_id: notice.event_id },
    });
    await send(kim, { msgtype: 'm.notice', body: '!onboarding stats' });
    await send(helper, { msgtype: 'm.text', body: '!onboarding' });
    await send(helper, { msgtype: 'm.text', body: 'Build #12 passed' });
    await call(admin, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.message/pinned`, {
      msgtype: 'm.text',
      body: 'Read the rules',
    });

    // A command after them all: once it is answered, everything before it was handled.
    await say(kim, roomId, '!onboarding');
    const dm = await waitUntil(() => storage.keyValue.get('matrix.dm', kim.userId));
    await join(kim, dm);
    const answer = await waitForEvent(
      kim,
      dm,
      (e) => e.sender === bot.userId && String(e.content['body']).includes('Your first steps'),
    );
    expect(String(answer.content['body'])).not.toContain('Newcomers of the last'); // the notice ran no command
    expect(firstMessageAt(kim)).toBeNull();
    expect(firstMessageAt(helper)).toBeNull();
    expect(firstMessageAt(admin)).toBeNull();
    expect(storage.keyValue.get('matrix.dm', helper.userId)).toBeUndefined(); // the other bot's !onboarding was not answered
    // Nor is the other bot a member: its join was not welcomed, nor recorded.
    expect(welcomesFor(await messages(admin, roomId), helper)).toHaveLength(0);
    expect(foyer.storage.members.get('demo-garden', `matrix:${helper.userId}`)).toBeUndefined();

    const own = await say(kim, roomId, 'hello, I am Kim');
    const at = await waitUntil(() => firstMessageAt(kim) ?? undefined);
    const event = (await messages(kim, roomId)).find((e) => e.event_id === own.event_id) as Raw & {
      origin_server_ts: number;
    };
    expect(at).toEqual(new Date(event.origin_server_ts));
  });
});

async function waitUntil<T>(read: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
