// Long answers and files on Matrix: the real matrix-js-sdk against a real Synapse on loopback.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixAdapter } from '../../../src/adapters/matrix/matrix.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { channelId, communityId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { codeBlock, paragraph, rich, text } from '../../../src/core/rich-text.ts';
import { FEATURES } from '../../../src/features/index.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import type { Manifest } from '../../../src/storage/portability/index.ts';
import { testConfig } from '../../support/harness.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { Homeserver, until } from './matrix-harness.ts';
import { commandProbe } from '../../support/command-probe.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';
if ('skip' in synapse) console.warn(`Skipping the Matrix file tests: ${synapse.skip}`);

let server: SynapseServer;
let bot: RegisteredUser;
let admin: RegisteredUser;
let roomId: string;
let storage: Storage;
let foyer: Bot;
let adapter: ReturnType<typeof createMatrixAdapter>;

type Raw = { type: string; sender: string; event_id: string; content: Record<string, unknown> };

/** Client-server calls as other users, through the shared harness. */
const call = (...args: Parameters<Homeserver['call']>) => new Homeserver(server).call(...args);
const join = (user: RegisteredUser, room: string) =>
  call(user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(room)}`, {});
let txn = 0;
const say = (user: RegisteredUser, room: string, body: string) =>
  call(
    user,
    'PUT',
    `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/f${Date.now()}-${++txn}`,
    { msgtype: 'm.text', body },
  );
const messages = async (user: RegisteredUser, room: string): Promise<Raw[]> =>
  (await call(user, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/messages?dir=f&limit=200`))
    .chunk as Raw[];

/** Reads until `read` gives a value; real network, so it waits, bounded. */
const waitUntil = <T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs?: number): Promise<T> =>
  until(read, 'condition', timeoutMs);

/** The member's direct room with Foyer, joined, once Foyer has created it. */
async function directRoomOf(user: RegisteredUser): Promise<string> {
  const dm = await waitUntil(() => storage.keyValue.get('matrix.dm', user.userId));
  await join(user, dm);
  return dm;
}

// Far more than one event can hold: 200 KB of code whose HTML escaping makes it larger still.
const DUMP = Array.from({ length: 4_000 }, (_, i) => `"line ${i}": "<é> & @room",`).join('\n');
const codeDump = commandProbe({
  id: 'code-dump',
  command: 'codedump',
  description: 'Answers privately with a very long code block',
  run: (call) => call.reply(rich(paragraph(text('Here:')), codeBlock(DUMP)), { private: true }),
});

describe.skipIf(skip)('Matrix: long answers and files (matrix-js-sdk against Synapse)', () => {
  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'off' });
    bot = await server.registerUser('foyer');
    admin = await server.registerUser('owner');
    const created = await call(admin, 'POST', '/_matrix/client/v3/createRoom', {
      preset: 'public_chat',
      name: 'The Garden',
      invite: [bot.userId],
      power_level_content_override: { users: { [bot.userId]: 100 } },
    });
    roomId = String(created.room_id);
    storage = openStorage(':memory:');
    const config = testConfig({
      channels: { general: roomId, welcome: roomId, introductions: roomId },
      features: { welcome: { burst: { threshold: 100 } } },
    });
    const logger = createMemoryLogger();
    adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: bot.userId,
      accessToken: bot.accessToken,
      community: communityId(config.community.id),
      rooms: [roomId],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger,
      clock: systemClock,
    });
    const time = new FakeTime(Date.now());
    foyer = createBot({
      config,
      adapter,
      storage,
      clock: time.clock,
      waker: time,
      logger,
      features: [...FEATURES, codeDump],
    });
    await foyer.start();
  }, 120_000);

  afterAll(async () => {
    await foyer?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('a private answer too large for one event arrives as several events, each under the size limit, nothing lost', async () => {
    const lea = await server.registerUser('lea');
    await join(lea, roomId);
    await say(lea, roomId, '!codedump');
    const dm = await directRoomOf(lea);
    const code = await waitUntil(async () => {
      const parts = (await messages(lea, dm)).filter(
        (e) =>
          e.sender === bot.userId &&
          e.type === 'm.room.message' &&
          String(e.content['formatted_body'] ?? '').startsWith('<pre><code>'),
      );
      const joined = parts.map((e) => String(e.content['body'])).join('\n');
      return joined.length >= DUMP.length ? { parts, joined } : undefined;
    });
    expect(code.parts.length).toBeGreaterThan(3);
    for (const event of code.parts)
      expect(Buffer.byteLength(JSON.stringify(event.content))).toBeLessThanOrEqual(60_000);
    expect(code.joined).toBe(DUMP.replaceAll('@room', '@\u2060room'));
  }, 60_000);

  it('a long !mydata export arrives privately as a JSON file uploaded to the media repository', async () => {
    const max = await server.registerUser('max');
    await join(max, roomId);
    const community = testConfig().community.id;
    for (let i = 0; i < 60; i++)
      storage.outreach.begin({
        communityId: community,
        memberId: `matrix:${max.userId}`,
        effectKey: `seed:${i}`,
        feature: 'welcome',
        reason: `reminder ${i} @room`,
        via: 'dm',
        at: new Date(Date.UTC(2030, 0, 1, 0, i)),
      });
    await say(max, roomId, '!mydata export');
    const dm = await directRoomOf(max);
    const file = await waitUntil(async () =>
      (await messages(max, dm)).find((e) => e.sender === bot.userId && e.content['msgtype'] === 'm.file'),
    );
    expect(String(file.content['body'])).toMatch(/^foyer-mydata-\d{4}-\d\d-\d\d\.json$/);
    expect((file.content['info'] as { mimetype: string }).mimetype).toBe('application/json');
    const [, serverName, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(String(file.content['url']))!;
    const res = await fetch(`${server.baseUrl}/_matrix/client/v1/media/download/${serverName}/${mediaId}`, {
      headers: { authorization: `Bearer ${max.accessToken}` },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { member: string; outreach: unknown[] };
    expect(json.member).toBe(`matrix:${max.userId}`);
    expect(json.outreach.length).toBeGreaterThanOrEqual(60);
    const intro = (await messages(max, dm)).find(
      (e) => e.sender === bot.userId && String(e.content['body']).includes('attached file'),
    );
    expect(intro).toBeDefined();
  }, 60_000);

  it('!export gives the room’s admin the community’s export as a zip in the media repository, and a member nothing', async () => {
    const kim = await server.registerUser('kim');
    await join(kim, roomId);
    await say(kim, roomId, '!export');
    const kimDm = await directRoomOf(kim);
    const refusal = await waitUntil(async () =>
      (await messages(kim, kimDm)).find((e) => e.sender === bot.userId && e.type === 'm.room.message'),
    );
    expect(String(refusal.content['body'])).toBe('Sorry, !export is for admins only.');
    expect((await messages(kim, kimDm)).some((e) => e.content['msgtype'] === 'm.file')).toBe(false);

    // The room's creator holds power level 100: an admin.
    await say(admin, roomId, '!export');
    const dm = await directRoomOf(admin);
    const file = await waitUntil(async () =>
      (await messages(admin, dm)).find((e) => e.sender === bot.userId && e.content['msgtype'] === 'm.file'),
    );
    expect(String(file.content['body'])).toMatch(/^foyer-export-demo-garden-\d{4}-\d\d-\d\d\.zip$/);
    const [, serverName, mediaId] = /^mxc:\/\/([^/]+)\/(.+)$/.exec(String(file.content['url']))!;
    const res = await fetch(`${server.baseUrl}/_matrix/client/v1/media/download/${serverName}/${mediaId}`, {
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(res.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as Manifest;
    const members = manifest.tables.find((t) => t.table === 'members')!;
    const csv = Buffer.from(entries[members.csv.path]!).toString('utf8');
    expect(csv).toContain(`matrix:${kim.userId}`);
  }, 60_000);

  it('a poll’s question, answers and fallback body are sent inert: no @room, no bidi or zero-width characters', async () => {
    const published = await adapter.ports.polls!.publish(channelId('matrix', roomId), {
      question: 'Meet\u202Eup @room\u200B?',
      answers: ['Par\u2066is', '@room Lyon'],
      durationHours: 24,
      multipleChoice: false,
    });
    expect(published.ok).toBe(true);
    const pollId = published.ok ? published.value.slice('matrix:'.length) : '';
    const start = await waitUntil(async () => (await messages(admin, roomId)).find((e) => e.event_id === pollId));
    expect(start.content['body']).toBe('Meetup @\u2060room?\n1. Paris\n2. @\u2060room Lyon');
    expect(JSON.stringify(start.content)).not.toMatch(/@room|[\u200b\u202a-\u202e\u2066-\u2069]/);
  }, 30_000);
});
