import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../../support/fake-discord/index.ts';
import { openStorage } from '../../../src/storage/index.ts';
import {
  DiscordFoyer,
  GENERAL,
  GUILD,
  INTRO,
  MESSAGES,
  MOD_ROLE,
  OWNER,
  WELCOME,
  startDiscord,
} from './discord-harness.ts';

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = undefined;
  discord = undefined;
});

const content = (r: { body: unknown }) => String((r.body as { content?: string }).content);

describe('Foyer on Discord (real discord.js against the fake Discord)', () => {
  it('a member joins → a personal welcome with safe allowed mentions', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    const post = await foyer.waitForPost(WELCOME, 'Welcome to The Garden');
    expect(content(post)).toContain(`<@${alice.user.id}>`);
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [alice.user.id],
      roles: [],
      replied_user: false,
    });
    expect(discord.unknownRequests).toEqual([]);
  });

  it('registers slash commands from the definitions, once: a restart with the same commands does not re-register', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const names = discord
      .commands('guild')
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(expect.arrayContaining(['help', 'interests', 'language', 'mydata', 'onboarding', 'rules']));
    const onboarding = discord.commands('guild').find((c) => c.name === 'onboarding')!;
    expect(onboarding.options!.map((o) => o.name)).toEqual(['show', 'stats']);
    await foyer.restart();
    expect(discord.requestsTo('PUT /applications/:applicationId/guilds/:guildId/commands')).toHaveLength(1);
  });

  it('suggests a command that also has subcommands as Discord runs it (/onboarding show), and that works as typed', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, 'Welcome');
    const help = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'help',
    });
    const listed = String(help.callback?.data?.['content']);
    // Bare `/onboarding` is no command on Discord once `/onboarding stats` exists.
    expect(listed).toContain('`/onboarding show`');
    expect(listed).not.toMatch(/`\/onboarding`/);
    expect(listed).toContain('`/help`');
    const typed = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'show',
    });
    expect(String(typed.callback?.data?.['content'])).toContain('Your first steps in The Garden');
  });

  it('a slash command → the interaction is answered privately, in time', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, 'Welcome');
    const record = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'show',
    });
    expect(record.timedOut).toBe(false);
    expect(record.callback?.type).toBe(4);
    expect(record.ephemeral).toBe(true);
    expect(String(record.callback?.data?.['content'])).toContain('Your first steps in The Garden (0 of 4 done)');
  });

  it('a moderator command is refused to a member and allowed to a moderator role', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const member = discord.addMember({ username: 'member' });
    const mod = discord.addMember({ username: 'mod', roles: [MOD_ROLE] });
    const refused = await discord.interaction({
      type: 'chatInput',
      userId: member.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'stats',
    });
    expect(String(refused.callback?.data?.['content'])).toContain('is for moderators only');
    const allowed = await discord.interaction({
      type: 'chatInput',
      userId: mod.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'stats',
      options: { days: 7 },
    });
    expect(String(allowed.callback?.data?.['content'])).toContain('Newcomers of the last 7 days');
  });

  it('waits for membership screening before welcoming', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const pending = discord.addMember({ username: 'pending', pending: true });
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    expect(foyer.posts(WELCOME).map(content).join('\n')).not.toContain(pending.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    discord.updateMember(pending.user.id, { pending: false });
    await foyer.waitForPost(WELCOME, pending.user.id);
    discord.updateMember(pending.user.id, { nick: 'still pending?' });
    await foyer.time.advance(6_000); // past the welcome pace
    const marker2 = discord.addMember({ username: 'marker2' });
    await foyer.waitForPost(WELCOME, marker2.user.id);
    expect(foyer.posts(WELCOME).filter((r) => content(r).includes(pending.user.id))).toHaveLength(1);
  });

  it('in a guild using Discord onboarding, waits until the member has completed it', async () => {
    discord = await startDiscord({ guild: { id: GUILD, name: 'The Garden', ownerId: OWNER, onboardingEnabled: true } });
    foyer = await DiscordFoyer.start(discord);
    const ana = discord.addMember({ username: 'ana', flags: 8 }); // started onboarding
    const marker = discord.addMember({ username: 'marker', flags: 2 | 8 });
    await foyer.waitForPost(WELCOME, marker.user.id);
    expect(foyer.posts(WELCOME).map(content).join('\n')).not.toContain(ana.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    discord.updateMember(ana.user.id, { flags: 2 | 8 });
    await foyer.waitForPost(WELCOME, ana.user.id);
  });

  it('a 429 with retry-after → the welcome still arrives, once', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    discord.rateLimitNext(new RegExp(`^POST /channels/${WELCOME}/messages$`), 0.05);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    const attempts = discord.requestsTo(MESSAGES).filter((r) => r.params['channelId'] === WELCOME);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a dropped gateway connection → the client resumes and no event is handled twice', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    await discord.dropConnections(4000);
    const alice = discord.addMember({ username: 'alice' }); // dispatched while disconnected: replayed on resume
    await foyer.waitForPost(WELCOME, alice.user.id);
    expect(discord.resumeCount).toBeGreaterThanOrEqual(1);
    expect(discord.identifyCount).toBe(1);
    await foyer.time.advance(6_000); // past the welcome pace
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    expect(foyer.posts(WELCOME).filter((r) => content(r).includes(alice.user.id))).toHaveLength(1);
  });

  it('after a restart, members who joined while Foyer was away are welcomed once, and nobody twice', async () => {
    discord = await startDiscord({ members: [{ username: 'oldtimer', joinedAt: new Date('2024-01-01T00:00:00Z') }] });
    const storage = openStorage(':memory:');
    foyer = await DiscordFoyer.start(discord, {}, storage);
    const before = discord.addMember({ username: 'before' });
    await foyer.waitForPost(WELCOME, before.user.id);
    await foyer.bot.stop();
    const during = discord.addMember({ username: 'during' }); // nobody is connected to see it
    await foyer.boot();
    await foyer.waitForPost(WELCOME, during.user.id);
    await foyer.time.advance(6_000); // past the welcome pace
    const marker = discord.addMember({ username: 'marker' });
    await foyer.waitForPost(WELCOME, marker.user.id);
    const all = foyer.posts(WELCOME).map(content).join('\n');
    expect(all.split(before.user.id).length - 1).toBe(1);
    expect(all.split(during.user.id).length - 1).toBe(1);
    expect(all).not.toContain(discord.state.members.values().next().value!.user.id); // the old-timer was never a newcomer
  });

  it('closed DMs: the member is greeted in the channel and never DMed again', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { features: { welcome: { delivery: 'dm' } } });
    const shy = discord.addMember({ username: 'shy', dmsClosed: true });
    await foyer.waitForPost(WELCOME, shy.user.id);
    discord.removeMember(shy.user.id);
    // Wait for the second welcome before it can happen, so the past one cannot satisfy it.
    const secondWelcome = discord.waitForRequest(
      (r) => r.route === MESSAGES && r.params['channelId'] === WELCOME && content(r).includes(shy.user.id),
    );
    discord.addMember({ id: shy.user.id, username: 'shy', dmsClosed: true, joinedAt: new Date(Date.now() + 1_000) });
    await secondWelcome;
    // One failed DM attempt in total: the second welcome did not ask Discord again.
    const dmChannel = discord.dmChannelId(shy.user.id);
    const dmAttempts = discord.requestsTo(MESSAGES).filter((r) => r.params['channelId'] === dmChannel);
    expect(dmAttempts.map((r) => r.status)).toEqual([403]);
    expect(foyer.storage.keyValue.get('discord.dm-closed', shy.user.id)).toBeDefined();
  });

  it('hostile text a member typed is repeated inert', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const troll = discord.addMember({ username: 'troll' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: troll.user.id,
      channelId: GENERAL,
      commandName: 'interests',
      options: { interests: '@everyone **boss** <@&1>' },
    });
    const reply = String(record.callback?.data?.['content']);
    expect(reply).toContain('Unknown interest: @\u2060everyone \\*\\*boss\\*\\* \\<@&1>');
    expect(reply).not.toMatch(/(^|[^\u2060])@?everyone\b(?<!@\u2060everyone)/);
    expect(record.callback?.data?.['allowed_mentions']).toEqual({
      parse: [],
      users: [],
      roles: [],
      replied_user: false,
    });
  });

  it('message activity and the intro step come through without message content', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    discord.postMessage({ channelId: INTRO, authorId: alice.user.id, content: 'hello, I am Alice' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'show',
    });
    expect(String(record.callback?.data?.['content'])).toContain('\\[x\\] Introduce yourself');
    expect(foyer.storage.members.get('demo-garden', `discord:${alice.user.id}`)!.firstMessageAt).not.toBeNull();
  });

  const onboardingText = async (userId: string) =>
    String(
      (
        await discord!.interaction({
          type: 'chatInput',
          userId,
          channelId: GENERAL,
          commandName: 'onboarding',
          subcommand: 'show',
        })
      ).callback?.data?.['content'],
    );

  it('Discord’s “joined the server” message in the introductions channel is not the newcomer’s introduction, first message or channel activity', async () => {
    discord = await startDiscord({ guild: { id: GUILD, name: 'The Garden', ownerId: OWNER, systemChannelId: INTRO } });
    foyer = await DiscordFoyer.start(discord, { features: { quietQuestions: { channels: ['introductions'] } } });
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    expect(discord.messages(INTRO).map((m) => [m.type, m.author.id])).toEqual([[7, alice.user.id]]); // Discord's join message

    const member = `discord:${alice.user.id}`;
    expect(await onboardingText(alice.user.id)).toContain('\\[ \\] Introduce yourself');
    expect(foyer.storage.members.get('demo-garden', member)!.firstMessageAt).toBeNull();
    expect(
      foyer.storage.stores.quietQuestions.channel('demo-garden', `discord:${INTRO}`)?.lastMemberAt ?? null,
    ).toBeNull();
    expect(foyer.storage.stores.photoNudges.latest('demo-garden', member)?.messagesSeen).toBe(0);

    // The same path with Alice's own words does all of it: the join message was ignored, not lost in transit.
    const own = discord.postMessage({ channelId: INTRO, authorId: alice.user.id, content: 'hello, I am Alice' });
    expect(await onboardingText(alice.user.id)).toContain('\\[x\\] Introduce yourself');
    expect(foyer.storage.members.get('demo-garden', member)!.firstMessageAt).toEqual(
      new Date(String(own['timestamp'])),
    );
    expect(foyer.storage.stores.quietQuestions.channel('demo-garden', `discord:${INTRO}`)?.lastMemberAt).toEqual(
      new Date(String(own['timestamp'])),
    );
    expect(foyer.storage.stores.photoNudges.latest('demo-garden', member)?.messagesSeen).toBe(1);
  });

  it('pins, boosts, threads created and webhook posts in a watched channel are not member activity', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, { features: { quietQuestions: { channels: ['general'] } } });
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    const pinned = discord.postSystemMessage({ type: 6, channelId: GENERAL, authorId: OWNER });
    discord.postSystemMessage({ type: 8, channelId: GENERAL, authorId: alice.user.id });
    discord.postSystemMessage({ type: 18, channelId: GENERAL, authorId: alice.user.id, content: 'Alice’s thread' });
    discord.postWebhookMessage({ channelId: GENERAL, username: 'RSS feed', content: 'news' });
    expect(pinned['type']).toBe(6);

    await onboardingText(alice.user.id); // a round trip after the dispatches above
    expect(foyer.storage.members.get('demo-garden', `discord:${alice.user.id}`)!.firstMessageAt).toBeNull();
    expect(
      foyer.storage.stores.quietQuestions.channel('demo-garden', `discord:${GENERAL}`)?.lastMemberAt ?? null,
    ).toBeNull();
    expect(foyer.storage.stores.photoNudges.latest('demo-garden', `discord:${alice.user.id}`)?.messagesSeen).toBe(0);
  });
});

describe('Foyer reads members’ messages from the gateway packets (discord.js builds no Message for them)', () => {
  it('a member’s message in a text channel reaches the features, and discord.js emits no messageCreate for it; a webhook’s post is left to discord.js', async () => {
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord);
    const built: string[] = [];
    foyer.adapter.client.on(Events.MessageCreate, (m) => built.push(m.author.username));
    const alice = discord.addMember({ username: 'alice' });
    await foyer.waitForPost(WELCOME, alice.user.id);
    discord.postMessage({ channelId: INTRO, authorId: alice.user.id, content: 'hello, I am Alice' });
    discord.postWebhookMessage({ channelId: GENERAL, username: 'RSS feed', content: 'news' });
    const record = await discord.interaction({
      type: 'chatInput',
      userId: alice.user.id,
      channelId: GENERAL,
      commandName: 'onboarding',
      subcommand: 'show',
    });
    expect(String(record.callback?.data?.['content'])).toContain('\\[x\\] Introduce yourself');
    expect(foyer.storage.members.get('demo-garden', `discord:${alice.user.id}`)!.firstMessageAt).not.toBeNull();
    // Only the webhook's post went through discord.js (Foyer's own posts are bots' messages too).
    expect(built).toContain('RSS feed');
    expect(built).not.toContain('alice');
  });
});
