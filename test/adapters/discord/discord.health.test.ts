import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/storage/database.ts';
import { createStorage } from '../../../src/storage/index.ts';
import { snowflakeTime, type FakeDiscord } from '../../support/fake-discord/index.ts';
import { DiscordFoyer, GENERAL, GUILD, OWNER, WELCOME, startDiscord } from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const COMMUNITY = 'demo-garden';

/**
 * Foyer on the fake Discord, whose join messages ("X joined the server") land in
 * #general; `query` reads the raw rows and roll-ups as they are in the database.
 */
async function start(): Promise<{
  discord: FakeDiscord;
  foyer: DiscordFoyer;
  query: <T = unknown>(sql: string) => T[];
}> {
  const db: Db = openDatabase(':memory:');
  discord = await startDiscord({ guild: { id: GUILD, name: 'The Garden', ownerId: OWNER, systemChannelId: GENERAL } });
  foyer = await DiscordFoyer.start(discord, {}, createStorage(db));
  return { discord, foyer, query: <T>(sql: string) => db.$client.prepare(sql).all() as T[] };
}

/**
 * A member's message after the ones under test, and the wait for Foyer to have taken it
 * in: events are handled in gateway order, so everything before it was handled too.
 */
async function settle(f: DiscordFoyer, d: FakeDiscord, userId: string): Promise<void> {
  d.postMessage({ channelId: GENERAL, authorId: userId, content: 'the last word' });
  await f.waitForLogs(
    (r) => r.message === 'member activated: first message' && r.fields?.['member'] === `discord:${userId}`,
  );
  f.storage.activity.flush();
}

describe('health activity on Discord (real discord.js against the fake Discord)', () => {
  it('join messages, other system messages, bots, webhooks and Foyer’s own posts leave no activity and no roll-up', async () => {
    const { discord, foyer, query } = await start();
    const alice = discord.addMember({ username: 'alice' }); // Discord's type 7 join message in #general
    await foyer.waitForPost(WELCOME, alice.user.id); // Foyer's own welcome (echoed back by the gateway)
    const pinned = discord.postSystemMessage({ type: 6, channelId: GENERAL, authorId: alice.user.id });
    discord.postSystemMessage({ type: 8, channelId: GENERAL, authorId: alice.user.id }); // a boost
    discord.postSystemMessage({ type: 18, channelId: GENERAL, authorId: alice.user.id, content: 'a thread' });
    discord.postWebhookMessage({ channelId: GENERAL, username: 'RSS feed', content: 'news' });
    const otherBot = discord.addUser({ username: 'otherbot', bot: true });
    discord.postMessage({ channelId: GENERAL, authorId: otherBot.id, content: 'beep', replyTo: pinned.id });
    expect(discord.messages(GENERAL).map((m) => m.type)).toEqual([7, 6, 8, 18, 0, 19]);

    await foyer.time.advance(6_000); // past the welcome pace
    const bob = discord.addMember({ username: 'bob' });
    await foyer.waitForPost(WELCOME, bob.user.id);
    await settle(foyer, discord, bob.user.id);

    const bobId = `discord:${bob.user.id}`;
    expect(query<{ member_id: string }>('SELECT member_id FROM message_activity')).toEqual([{ member_id: bobId }]);
    expect(query('SELECT member_id, messages, replies, reactions, votes, commands FROM member_days')).toEqual([
      { member_id: bobId, messages: 1, replies: 0, reactions: 0, votes: 0, commands: 0 },
    ]);
    expect(query('SELECT channel_id, messages, replies, participants FROM channel_days')).toEqual([
      { channel_id: `discord:${GENERAL}`, messages: 1, replies: 0, participants: 1 },
    ]);
    expect(query('SELECT member_id FROM channel_day_members')).toEqual([{ member_id: bobId }]);
    expect(query('SELECT member_id FROM first_messages')).toEqual([{ member_id: bobId }]);
    // Joins are recorded from GUILD_MEMBER_ADD, not from the join messages.
    expect(query('SELECT member_id, kind FROM membership_events ORDER BY id')).toEqual([
      { member_id: `discord:${alice.user.id}`, kind: 'join' },
      { member_id: bobId, kind: 'join' },
    ]);
  });

  it('a member’s reply (message reference) counts as a reply and answers a newcomer’s first message; a bot’s does not', async () => {
    const { discord, foyer, query } = await start();
    const carol = discord.addMember({ username: 'carol' });
    await foyer.waitForPost(WELCOME, carol.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);

    const hello = discord.postMessage({ channelId: GENERAL, authorId: alice.user.id, content: 'hello, I am new' });
    const otherBot = discord.addUser({ username: 'otherbot', bot: true });
    discord.postMessage({ channelId: GENERAL, authorId: otherBot.id, content: 'beep', replyTo: hello.id });
    const welcomeBack = discord.postMessage({
      channelId: GENERAL,
      authorId: carol.user.id,
      content: 'welcome, Alice!',
      replyTo: hello.id,
      timestamp: new Date(Date.parse(String(hello['timestamp'])) + 90_000),
    });
    expect(welcomeBack['type']).toBe(19);
    await foyer.waitForLogs(
      (r) => r.message === 'member activated: first message' && r.fields?.['member'] === `discord:${carol.user.id}`,
    );
    foyer.storage.activity.flush();

    const carolId = `discord:${carol.user.id}`;
    const aliceId = `discord:${alice.user.id}`;
    expect(query('SELECT member_id, reply_to FROM message_activity ORDER BY at')).toEqual([
      { member_id: aliceId, reply_to: null },
      { member_id: carolId, reply_to: `discord:${hello.id}` },
    ]);
    expect(query('SELECT member_id, messages, replies FROM member_days ORDER BY member_id')).toEqual(
      [
        { member_id: aliceId, messages: 1, replies: 0 },
        { member_id: carolId, messages: 1, replies: 1 },
      ].sort((a, b) => a.member_id.localeCompare(b.member_id)),
    );
    expect(query('SELECT messages, replies, participants FROM channel_days')).toEqual([
      { messages: 2, replies: 1, participants: 2 },
    ]);
    const firsts = foyer.storage.stores.health.firstMessagesOf(COMMUNITY, [aliceId]);
    expect(firsts).toEqual([
      expect.objectContaining({
        member: aliceId,
        // discord.js dates a message by its id, which can be a millisecond off its timestamp field.
        at: snowflakeTime(String(hello.id)).getTime(),
        firstReplyAt: snowflakeTime(String(welcomeBack.id)).getTime(),
      }),
    ]);
  });

  it('a member’s reaction counts once in their day; a bot’s and Foyer’s own do not', async () => {
    const { discord, foyer, query } = await start();
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    const otherBot = discord.addUser({ username: 'otherbot', bot: true });
    const target = discord.postMessage({ channelId: GENERAL, authorId: OWNER, content: 'news' });
    const react = (userId: string, user: object, emoji: { id: string | null; name: string }) =>
      discord.dispatch('MESSAGE_REACTION_ADD', {
        user_id: userId,
        channel_id: GENERAL,
        message_id: target.id,
        guild_id: GUILD,
        member: { user, nick: null, roles: [] },
        emoji,
        type: 0,
        burst: false,
      });
    react(alice.user.id, { id: alice.user.id, username: 'alice' }, { id: null, name: '🙏' });
    react(alice.user.id, { id: alice.user.id, username: 'alice' }, { id: null, name: '🙏' }); // redelivered
    react(otherBot.id, { id: otherBot.id, username: 'otherbot', bot: true }, { id: null, name: '✅' });
    const self = discord.botUser;
    react(self.id, { id: self.id, username: self.username, bot: true }, { id: '42', name: 'foyer' });
    await settle(foyer, discord, alice.user.id);
    const days = query<{ member_id: string; reactions: number }>(
      'SELECT member_id, reactions FROM member_days WHERE reactions > 0',
    );
    expect(days).toEqual([{ member_id: `discord:${alice.user.id}`, reactions: 1 }]);
  });
});
