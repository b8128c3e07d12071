// Synapse with its DEFAULT rate limits (about 0.2 messages/s, burst 10): Foyer's sends
// are queued and retried, and a join burst is greeted in grouped messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixAdapter } from '../../../src/adapters/matrix/matrix.adapter.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import type { CommandInvocation } from '../../../src/core/events.ts';
import { channelId, communityId, memberId } from '../../../src/core/ids.ts';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { noMetrics, type Metrics } from '../../../src/core/metrics.ts';
import { plain } from '../../../src/core/rich-text.ts';
import { FEATURES } from '../../../src/features/index.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../../support/synapse/index.ts';
import { testConfig } from '../../support/harness.ts';

const synapse = await ensureSynapse();
const skip = 'skip' in synapse && process.env['CI'] !== 'true';

let server: SynapseServer;
let botUser: RegisteredUser;
let owner: RegisteredUser;
let roomId: string;
let bot: Bot;
let storage: Storage;
let time: FakeTime;
let adapter: ReturnType<typeof createMatrixAdapter>;
const logger = createMemoryLogger();
/** What the adapter tells the web server's /readyz and /metrics. */
const reported = { rateLimited: 0, connection: [] as { connected: boolean; reason?: string | undefined }[] };
const metrics: Metrics = {
  ...noMetrics,
  rateLimited: () => void reported.rateLimited++,
  connectionChanged: (platform, connected, reason) => {
    if (platform === 'matrix') reported.connection.push({ connected, reason });
  },
};

async function call(
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    // The test's own users are limited too: wait as Synapse says.
    if (res.status === 429) {
      await new Promise((r) => setTimeout(r, Number(json['retry_after_ms'] ?? 500)));
      continue;
    }
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}

type Raw = { type: string; sender: string; content: Record<string, unknown> };
const botMessages = async (): Promise<Raw[]> =>
  (
    (await call(owner, 'GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=500`))
      .chunk as Raw[]
  ).filter((e) => e.sender === botUser.userId && e.type === 'm.room.message');

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(skip)('Foyer on Synapse with default rate limits', () => {
  beforeAll(async () => {
    server = await startSynapse({ rateLimits: 'default' });
    botUser = await server.registerUser('foyer');
    owner = await server.registerUser('owner');
    roomId = String(
      (
        await call(owner, 'POST', '/_matrix/client/v3/createRoom', {
          preset: 'public_chat',
          invite: [botUser.userId],
          power_level_content_override: { users: { [botUser.userId]: 100 } },
        })
      ).room_id,
    );
    const config = testConfig({
      channels: { general: roomId, welcome: roomId, introductions: roomId },
      features: { welcome: { burst: { threshold: 3, window: '2m', namesPerMessage: 20 } } },
    });
    storage = openStorage(':memory:');
    adapter = createMatrixAdapter({
      homeserverUrl: server.baseUrl,
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [roomId],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger,
      clock: systemClock,
      metrics,
    });
    time = new FakeTime(Date.now());
    bot = createBot({ config, adapter, storage, clock: time.clock, waker: time, logger, features: FEATURES });
    await bot.start();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  it('says at start-up that it cannot tell whether the bot is exempt', () => {
    expect(
      logger.records.some(
        (r) => r.level === 'warn' && r.message.startsWith('rate limits: cannot tell whether the bot account is exempt'),
      ),
    ).toBe(true);
  });

  it('sends past the burst limit all arrive: M_LIMIT_EXCEEDED is waited out, nothing is dropped', async () => {
    const results = [];
    for (let i = 1; i <= 12; i++)
      results.push(await adapter.ports.messages!.send(channelId('matrix', roomId), plain(`announcement ${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    const bodies = (await botMessages()).map((e) => String(e.content['body']));
    for (let i = 1; i <= 12; i++) expect(bodies).toContain(`announcement ${i}`);
    // Past the burst of 10, Synapse answered 429 and the SDK waited: each wait reaches /metrics.
    expect(reported.rateLimited).toBeGreaterThan(0);
  }, 120_000);

  it('a command answered while announcements wait out the limit goes before them, not behind them', async () => {
    const channel = channelId('matrix', roomId);
    const command = String(
      (
        await call(owner, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/cmd1`, {
          msgtype: 'm.text',
          body: '!help',
        })
      ).event_id,
    );
    // The burst is spent by the test before: these queue, each waiting its turn at 0.2/s.
    const queued = [1, 2, 3, 4].map((i) => adapter.ports.messages!.send(channel, plain(`later ${i}`)));
    const invocation: CommandInvocation = {
      name: 'help',
      invoker: { id: memberId('matrix', owner.userId), displayName: 'owner' },
      role: 'member',
      channel,
      replyHandle: { roomId, eventId: command },
    };
    expect((await adapter.responder!.respond(invocation, plain('the answer'), { private: false })).ok).toBe(true);
    expect((await Promise.all(queued)).every((r) => r.ok)).toBe(true);
    const order = (await botMessages())
      .reverse()
      .map((e) => (String(e.content['body']).includes('the answer') ? 'the answer' : String(e.content['body'])))
      .filter((body) => body === 'the answer' || body.startsWith('later '));
    // At most the announcement already at the head of the queue goes first.
    expect(order.indexOf('the answer')).toBeLessThan(order.indexOf('later 2'));
    expect(order.filter((body) => body.startsWith('later '))).toEqual(['later 1', 'later 2', 'later 3', 'later 4']);
  }, 120_000);

  it('a join burst is greeted with grouped messages and nobody is left out', async () => {
    const members: RegisteredUser[] = [];
    for (let i = 0; i < 8; i++) members.push(await server.registerUser(`newcomer${i}`));
    for (const m of members) await call(m, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
    // Wait until Foyer has seen every join (each is in its ledger), then close the window.
    await until(async () =>
      members.every((m) => storage.members.get('demo-garden', `matrix:${m.userId}`)?.joinedAt) ? true : undefined,
    );
    await time.advance(2 * 60_000);
    const mentioned = await until(async () => {
      const ids = new Set(
        (await botMessages()).flatMap(
          (e) => (e.content['m.mentions'] as { user_ids?: string[] } | undefined)?.user_ids ?? [],
        ),
      );
      return members.every((m) => ids.has(m.userId)) ? ids : undefined;
    });
    expect(members.every((m) => mentioned.has(m.userId))).toBe(true);
    const welcomes = (await botMessages()).filter(
      (e) => String(e.content['body']).includes('Welcome') || String(e.content['body']).includes('welcome'),
    );
    expect(welcomes.length).toBeLessThanOrEqual(4); // 3 personal welcomes, then one grouped message
    for (const m of members)
      expect(storage.outreach.forMember('demo-garden', `matrix:${m.userId}`).map((e) => e.status)).toEqual(['sent']);
  }, 120_000);

  it('a lost sync is reported to readiness with its reason, once, after the connection was reported up', async () => {
    expect(reported.connection[0]).toEqual({ connected: true, reason: undefined });
    await server.stop();
    const lost = await until(async () => reported.connection.find((c) => !c.connected));
    expect(lost.reason).toMatch(/^sync with the homeserver (lost, reconnecting|failing, retrying)$/);
    // A healthy client reports Syncing after every long poll; only changes reach readiness.
    expect(reported.connection.filter((c) => c.connected)).toHaveLength(1);
  }, 120_000);
});
