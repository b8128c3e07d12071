// Discord's real REST limits as the fake models them (test/support/fake-discord/rate-limits.ts):
// the headers and 429 bodies Discord sends, per-route buckets per top-level resource, the
// global limit that interaction endpoints are exempt from, the invalid-request count, and
// the real discord.js REST pacing itself from those headers without one 429.
import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { snowflakeAt, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord/index.ts';

const GUILD = snowflakeAt('2021-03-04T10:00:00Z');
const GENERAL = snowflakeAt('2021-03-04T10:00:01Z');
const WELCOME = snowflakeAt('2021-03-04T10:00:02Z');
const ALICE = snowflakeAt('2021-06-01T12:00:00Z');
const MESSAGES = 'POST /channels/:channelId/messages';

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

function start(rateLimits: Parameters<typeof startFakeDiscord>[0]['rateLimits']): Promise<FakeDiscord> {
  return startFakeDiscord({
    guild: { id: GUILD, name: 'Limits' },
    channels: [
      { id: GENERAL, name: 'general' },
      { id: WELCOME, name: 'welcome' },
    ],
    members: [{ id: ALICE, username: 'alice' }],
    rateLimits,
  });
}

/** A raw request, so the test sees exactly what Discord would answer. */
async function call(d: FakeDiscord, method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${d.restUrl}/v10${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bot ${d.token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const post = (d: FakeDiscord, channelId: string) =>
  call(d, 'POST', `/channels/${channelId}/messages`, { content: 'hi' });

describe('fake Discord rate limits', () => {
  it('counts message creates per channel in 5-per-5-s buckets and answers the sixth with a user-scope 429', async () => {
    discord = await start(true);

    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(discord, GENERAL));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    const first = answers[0]!.headers;
    expect(first.get('x-ratelimit-limit')).toBe('5');
    expect(Number(first.get('x-ratelimit-reset-after'))).toBeCloseTo(5, 0);
    expect(Number(first.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now() + 4_000);
    const limited = answers[5]!;
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-global')).toBeNull();
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(4);
    expect(limited.body).toEqual({
      message: 'You are being rate limited.',
      retry_after: expect.any(Number) as number,
      global: false,
    });
    // Another channel is another bucket of the same route, with the same bucket hash.
    const elsewhere = await post(discord, WELCOME);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(elsewhere.headers.get('x-ratelimit-bucket')).toBe(first.get('x-ratelimit-bucket'));
    // Only the one message past the limit was refused.
    expect(discord.messages(GENERAL)).toHaveLength(5);
    expect(discord.rateLimitStats).toEqual({ route: 1, global: 0, violations: 0 });
    expect(discord.invalidRequests).toBe(1);
  });

  it('counts a request that ignores retry_after as a violation', async () => {
    discord = await start({ routes: { [MESSAGES]: { limit: 1, windowMs: 60_000 } } });

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(discord, GENERAL)).status);

    expect(statuses).toEqual([200, 429, 429]);
    expect(discord.rateLimitStats).toEqual({ route: 2, global: 0, violations: 1 });
    expect(discord.rateLimitViolations).toBe(1);
  });

  it('refuses the request past the global limit with a global 429, but never an interaction callback', async () => {
    discord = await start({ global: { limit: 3, windowMs: 60_000 } });
    const pending = discord.interaction({ type: 'chatInput', commandName: 'ping', userId: ALICE, channelId: GENERAL });
    const interaction = [...discord.interactions.values()][0]!;

    const answers = [
      await call(discord, 'GET', '/users/@me'),
      await call(discord, 'GET', `/channels/${GENERAL}`),
      await post(discord, WELCOME),
      await call(discord, 'GET', `/guilds/${GUILD}`),
    ];
    const callback = await call(
      discord,
      'POST',
      `/interactions/${interaction.id}/${interaction.token}/callback`,
      { type: 4, data: { content: 'pong' } },
      false,
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    const limited = answers[3]!;
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(limited.body).toMatchObject({ message: 'You are being rate limited.', global: true });
    expect(callback.status).toBe(204);
    expect((await pending).callback).toMatchObject({ type: 4 });
    expect(discord.rateLimitStats.global).toBe(1);
  });

  it('counts 401 and 429 answers as invalid requests, whether or not limits are modelled', async () => {
    discord = await start(false);
    discord.rateLimitNext(/^POST \/channels\/\d+\/messages$/, 0.01, { scope: 'shared' });
    discord.rateLimitNext(/^GET \/channels\/\d+$/, 0.01);

    const unauthorized = await call(discord, 'GET', '/users/@me', undefined, false);
    const shared = await post(discord, GENERAL);
    const user = await call(discord, 'GET', `/channels/${GENERAL}`);
    const unknownGuild = await call(discord, 'GET', `/guilds/${snowflakeAt('2023-01-01T00:00:00Z')}`);

    expect([unauthorized.status, shared.status, user.status, unknownGuild.status]).toEqual([401, 429, 429, 404]);
    // The shared-scope 429 and the 404 do not count; the 401 and the user-scope 429 do.
    expect(discord.invalidRequests).toBe(2);
    expect(discord.invalidRequestsInWindow).toBe(2);
  });

  it('lets the real discord.js REST pace itself from the bucket headers: every message sent, no 429', async () => {
    discord = await start({ routes: { [MESSAGES]: { limit: 2, windowMs: 250 } } });
    const rest = new REST({ api: discord.restUrl }).setToken(discord.token);

    const began = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => rest.post(Routes.channelMessages(GENERAL), { body: { content: `m${i}` } })),
    );

    expect(discord.messages(GENERAL).map((m) => m.content)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(discord.requestsTo(MESSAGES).every((r) => r.status === 200)).toBe(true);
    // Three windows of two: discord.js waited out the first two.
    expect(Date.now() - began).toBeGreaterThanOrEqual(450);
    expect(discord.invalidRequests).toBe(0);
  });
});
